// Civitas: the ALTCHA widget of the booking check page (components/appointments/booking-challenge.tsx).
// The page gives, as JSON, the challenge bound to the booking, the widget's texts in the page's
// language and the files' addresses. This script loads the widget, registers the same-origin worker
// that solves the proof of work (the Content-Security-Policy allows no other), then puts the widget
// in the form, where it starts solving at once and adds the solution to the form as a hidden field.
// Without JavaScript none of this happens and the form is posted without it.
const setup = JSON.parse(document.getElementById("altcha-setup").textContent);
await import(setup.widget);
const registry = globalThis.$altcha;
registry.i18n.set(setup.language, { ...(registry.i18n.get("en") ?? {}), ...setup.texts });
registry.algorithms.set(setup.algorithm, () => new Worker(setup.worker));
const slot = document.getElementById(setup.slot);
if (slot) {
  const widget = document.createElement("altcha-widget");
  widget.setAttribute("name", setup.name);
  widget.setAttribute("language", setup.language);
  widget.setAttribute("challenge", JSON.stringify(setup.challenge));
  widget.setAttribute("configuration", JSON.stringify({ auto: "onload", hideFooter: true, hideLogo: true, workers: 1 }));
  slot.append(widget);
}
