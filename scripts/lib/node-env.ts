// Imported first by scripts/start.ts: NODE_ENV must be set before any other module is evaluated.
// React picks its development or production build when first imported (react/jsx-runtime and
// react-dom/server must agree, or rendering e-mails fails with "dispatcher.getOwner is not a function").
const processEnv = process.env as Record<string, string | undefined>;
if (process.argv.includes("--dev")) processEnv.NODE_ENV = "development";
else processEnv.NODE_ENV ??= "production";
