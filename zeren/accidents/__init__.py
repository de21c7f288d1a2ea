"""Production-safety accidents (生产安全事故): register, grade (493:art_3), reporting, who answers."""
