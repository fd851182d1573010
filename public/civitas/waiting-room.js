// Civitas: the waiting room page reloads itself when the server says (data-refresh-seconds), to show
// the visitor's new place and let them in when their turn comes. Without JavaScript, a <noscript>
// meta refresh does the same. (A meta refresh outside <noscript> would reload every browser, and
// assistive technologies treat it as an unannounced timed change.)
const holder = document.querySelector("[data-refresh-seconds]");
const seconds = Number(holder?.getAttribute("data-refresh-seconds"));
if (seconds > 0) setTimeout(() => location.reload(), seconds * 1000);
