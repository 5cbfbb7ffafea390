/**
 * Preloaded into each program's process (`NODE_OPTIONS=--require`, so the runner's own check of node's arguments
 * is untouched), before Pulumi's runner. It watches the SDK's modules load, and only until the SDK's resource
 * module is in, so no later stack trace (the program's own modules load after it) shows its wrapper:
 * - the resource module gets a frame pattern that reads ES-module frames (./sdk-frame-pattern);
 * - the debuggable module takes its per-promise stack traces only when PULUMI_DEBUG_PROMISE_LEAKS would print them
 *   (./promise-debug-stacks);
 * - the log module's debug messages, which the engine never shows, are not sent (./quiet-debug-logs).
 * The program itself runs as Pulumi runs it; anything unexpected leaves the SDK as it is.
 */
import { Module } from "node:module";
import { SDK_DEBUGGABLE_MODULE, withDebugStacksOnlyForLeaks } from "./promise-debug-stacks";
import { SDK_LOG_MODULE, quietDebugLogs } from "./quiet-debug-logs";
import { SDK_RESOURCE_MODULE, isModuleProject, widenFramePattern } from "./sdk-frame-pattern";

type Compile = (this: { exports: unknown }, content: string, filename: string) => unknown;

try {
    if (isModuleProject()) process.setSourceMapsEnabled(true);
    const prototype = Module.prototype as unknown as { _compile: Compile };
    const compile = prototype._compile;
    let watching = true;
    const watch: Compile = function (content, filename) {
        if (!watching) return compile.call(this, content, filename);
        const result = compile.call(this, SDK_DEBUGGABLE_MODULE.test(filename) ? withDebugStacksOnlyForLeaks(content) : content, filename);
        if (SDK_LOG_MODULE.test(filename)) {
            try {
                quietDebugLogs(this.exports);
            } catch {
                // debug messages go to the engine, as the SDK sends them
            }
        }
        if (SDK_RESOURCE_MODULE.test(filename)) {
            watching = false;
            // Another preload (a nodeargs --require) may have wrapped this one since: then this stays, passing through.
            if (prototype._compile === watch) prototype._compile = compile;
            try {
                widenFramePattern(this.exports);
            } catch {
                // positions stay as the SDK gives them
            }
        }
        return result;
    };
    prototype._compile = watch;
} catch {
    // the SDK stays as it is; the program runs as Pulumi runs it
}
