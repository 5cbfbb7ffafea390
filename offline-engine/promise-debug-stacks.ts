/**
 * Pulumi's SDK takes a stack trace for every promise it makes (`debuggablePromise`, sdk/nodejs/runtime/debuggable.ts)
 * and formats it at once, through source-map-support under Pulumi's runner. It reads the trace only in
 * `promiseDebugString`, which it calls only when `PULUMI_DEBUG_PROMISE_LEAKS` is set, to describe leaked promises.
 * At 250 `VerifiedDomain`s taking and formatting those traces was half of the program's CPU time. The SDK module's
 * source is changed as it loads so that the statement runs only when that variable is set: then the trace is taken
 * exactly as before (same statement, same line and column); otherwise no trace is taken that nothing would read.
 */

import { escapeRegExp } from "../escape-regexp";

/**
 * The two statements of `debuggablePromise`, in every @pulumi/pulumi since pulumi/pulumi#1315 (2018), and what they
 * become: the guard goes at the end of the line before, so the trace's statement keeps its line and column.
 */
const CONTEXT = 'Object.defineProperty(p, "_debugCtx", { writable: true, value: ctx });';
const TRACE = 'Object.defineProperty(p, "_debugStackTrace", { writable: true, value: new Error().stack });';
const GUARD = " if (exports.debugPromiseLeaks)";

/** The SDK's module that holds `debuggablePromise`. */
export const SDK_DEBUGGABLE_MODULE = /[\\/]@pulumi[\\/]pulumi[\\/]runtime[\\/]debuggable\.js$/;

/**
 * The debuggable module's source with the trace taken only when `PULUMI_DEBUG_PROMISE_LEAKS` is set, or `content`
 * unchanged when it does not hold the two statements, one line after the other, exactly once, and the module's
 * `debugPromiseLeaks` (an SDK that changed them keeps its own behaviour, only slower).
 */
export function withDebugStacksOnlyForLeaks(content: string): string {
    const pair = new RegExp(`${escapeRegExp(CONTEXT)}(\\r?\\n[ \\t]*)${escapeRegExp(TRACE)}`, "g");
    const found = [...content.matchAll(pair)];
    if (found.length !== 1 || !content.includes("exports.debugPromiseLeaks = ")) return content;
    return content.replace(pair, (_, lineBreak: string) => `${CONTEXT}${GUARD}${lineBreak}${TRACE}`);
}
