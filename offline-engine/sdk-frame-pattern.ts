/**
 * The source position the SDK sends with each registration, made the user's line in ES-module programs too.
 * Pulumi's SDK (sdk/nodejs/resource.ts, `Resource.callsites`) parses `new Error().stack` with
 * `framePositionRegExp`, which needs `at fn (file:line:col)`; Node writes a frame of an ES module's top-level code
 * as `at file:///...:line:col`, so a resource made there gets no position under the Pulumi CLI. And an ES-module
 * TypeScript program is compiled by ts-node's loader hooks, whose source maps the main thread's stack traces never
 * apply, so its frames carry the compiled lines. The SDK's pattern is replaced by one that reads what the original
 * reads, and also a frame that is only a location, and maps a `file:` URL frame's line through the source map Node
 * keeps for that module (Node's source maps are turned on for that, in ES-module projects only). Stack traces
 * themselves are left as they are. The engine decodes the URI the SDK then makes of a `file:` frame (see
 * registrations.ts).
 */
import * as fs from "node:fs";
import { findSourceMap } from "node:module";
import * as path from "node:path";

/** The SDK's module that holds `Resource`. */
export const SDK_RESOURCE_MODULE = /[\\/]@pulumi[\\/]pulumi[\\/]resource\.js$/;

/** A frame that is only a location: `at file:///x/index.ts:6:18` (optionally `at async ...`). */
const LOCATION_ONLY_FRAME = /^\s*at (?:async )?(?<file>(?:file:\/\/|\/|[A-Za-z]:\\).*):(?<line>[0-9]+):(?<column>[0-9]+)$/;

/** A frame's position, as the SDK reads it from the match's `groups`. */
type FrameGroups = { file: string; line: string; column: string };

/** The position of a compiled ES module's frame in its source, through the source map Node keeps for it. */
function mapped(groups: FrameGroups): FrameGroups {
    if (!groups.file.startsWith("file:")) return groups;
    try {
        const entry = findSourceMap(groups.file)?.findEntry(Number(groups.line) - 1, Number(groups.column) - 1);
        if (entry === undefined || !("originalLine" in entry)) return groups;
        return { file: groups.file, line: String(entry.originalLine + 1), column: String(entry.originalColumn + 1) };
    } catch {
        return groups;
    }
}

/** Replaces `Resource.framePositionRegExp` of the SDK's resource module, given its exports. */
export function widenFramePattern(exports: unknown): void {
    const resource = (exports as { Resource?: { framePositionRegExp?: unknown } } | undefined)?.Resource;
    const original = resource?.framePositionRegExp;
    if (resource === undefined || !(original instanceof RegExp)) return;
    resource.framePositionRegExp = {
        exec(frame: string): { groups: FrameGroups } | null {
            const groups = (original.exec(frame) ?? LOCATION_ONLY_FRAME.exec(frame))?.groups as FrameGroups | undefined;
            return groups === undefined ? null : { groups: mapped(groups) };
        },
    };
}

/**
 * True when the program is an ES module: the nearest package.json above the working directory (the program's,
 * where the language host starts it) says `"type": "module"`. Only then are Node's source maps turned on, since
 * they cost every CommonJS program's load time for nothing (its TypeScript is mapped by ts-node's own support).
 */
export function isModuleProject(): boolean {
    for (let dir = process.cwd(); ; dir = path.dirname(dir)) {
        try {
            return (JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { type?: unknown }).type === "module";
        } catch (err) {
            if ((err as NodeJS.ErrnoException).code !== "ENOENT" || path.dirname(dir) === dir) return false;
        }
    }
}
