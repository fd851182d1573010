// Types of async-exit-hook (no @types package): only what lib/core/embedded-postgres.ts uses.
declare module "async-exit-hook" {
  interface TAsyncExitHook {
    (hook: (done?: () => void) => void): void;
    hookedEvents(): string[];
    unhookEvent(event: string): void;
  }
  const asyncExitHook: TAsyncExitHook;
  export default asyncExitHook;
}
