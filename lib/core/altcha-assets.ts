/** Where the server serves the ALTCHA widget's files (lib/server/altcha-assets.ts); the version is package.json's. */
export const ALTCHA_ASSETS = "/civitas/altcha/3.2.2";
/** Our script that registers the worker and the texts, then loads the widget. */
export const ALTCHA_SETUP = "/civitas/altcha-setup.js";
