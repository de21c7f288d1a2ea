"""年度安全生产目标考核 (arts. 53–62): runs, results, rewards and fines, publication (art. 59)."""
