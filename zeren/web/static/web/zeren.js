// Copy a clause citation ("《标题》第六十一条第一款第（三）项") to the clipboard.
document.addEventListener("click", async (event) => {
  const button = event.target.closest("button.cite");
  if (!button) return;
  const article = button.closest("article.text");
  const title = article ? article.dataset.title : "";
  const text = (title ? "《" + title + "》" : "") + button.dataset.citation;
  try {
    await navigator.clipboard.writeText(text);
    button.dataset.copied = "1";
    button.setAttribute("aria-label", "已复制：" + text);
  } catch (err) {
    window.prompt("复制引用：", text);
  }
});

// A print button (no inline onclick: the Content-Security-Policy allows no inline script).
document.addEventListener("click", (event) => {
  if (event.target.closest("button[data-action='print']")) window.print();
});
