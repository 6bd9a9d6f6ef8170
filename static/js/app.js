// Small progressive enhancements; every page works without this file.
document.addEventListener("htmx:configRequest", function (event) {
  // Keep Django's CSRF token on every htmx request, even after a partial swap.
  const meta = document.body.getAttribute("hx-headers");
  if (meta) {
    try {
      Object.assign(event.detail.headers, JSON.parse(meta));
    } catch (e) { /* attribute is server-generated JSON */ }
  }
});
