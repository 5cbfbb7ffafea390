/**
 * Pulumi's SDK formats a stack trace for every promise it makes (`debuggablePromise`, sdk/nodejs/runtime/debuggable.ts),
 * and reads it only to describe a promise that leaked when the program ends. Under Pulumi's runner each of those
 * traces goes through source-map-support, and at 250 `VerifiedDomain`s that formatting, with the garbage it
 * leaves, was half of the program's CPU time. The SDK module's source is changed as it loads so that the same
 * `new Error()`, made at the same line and column, is formatted only when something reads it: what is read is the
 * same text, formatted from the same frames.
 */

/**
 * The statement that formats the trace at once, in every @pulumi/pulumi since pulumi/pulumi#1315 (2018), and what it
 * becomes. The `new Error()` keeps its column, so the trace's first frame reads as it did.
 */
const EAGER = 'Object.defineProperty(p, "_debugStackTrace", { writable: true, value: new Error().stack });';
const LAZY = 'Object.defineProperty(p, "_debugStackTrace", { writable: true, value: new Error(), configurable: true }); sesGuardLazyDebugStack(p);';

/** Added at the end of the module (no line above it moves): turns the kept `Error` into its trace when first read. */
const LAZY_FUNCTION = `
function sesGuardLazyDebugStack(p) {
    const error = p._debugStackTrace;
    const settle = (value) => Object.defineProperty(p, "_debugStackTrace", { writable: true, configurable: true, value });
    Object.defineProperty(p, "_debugStackTrace", { configurable: true, get: () => settle(error.stack)._debugStackTrace, set: settle });
}
`;

/** The SDK's module that holds `debuggablePromise`. */
export const SDK_DEBUGGABLE_MODULE = /[\\/]@pulumi[\\/]pulumi[\\/]runtime[\\/]debuggable\.js$/;

/**
 * The debuggable module's source with its trace made lazy, or `content` unchanged when it does not hold the
 * statement exactly once (an SDK that changed it keeps its own behaviour, only slower).
 */
export function withLazyDebugStacks(content: string): string {
    const at = content.indexOf(EAGER);
    if (at < 0 || content.indexOf(EAGER, at + 1) >= 0) return content;
    return content.slice(0, at) + LAZY + content.slice(at + EAGER.length) + LAZY_FUNCTION;
}
