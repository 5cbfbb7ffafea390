/**
 * Reading the JSON the user hands over (a file or stdin) and telling a `pulumi stack export` file from
 * `pulumi stack output --json`. Every problem is a UsageError naming the input.
 */
import { readFile } from "node:fs/promises";
import { UsageError } from "../usage-error";

/** What a JSON input holds. */
export type InputKind = "stack-export" | "stack-outputs";

/** A parsed input with its kind and a name for messages (`stdin` or the path). */
export interface ParsedInput {
    source: string;
    kind: InputKind;
    json: unknown;
}

/** Said once when a stream stays silent: `notice` runs if nothing arrived after `afterMs`. */
export interface SilenceNotice {
    afterMs: number;
    notice: () => void;
}

/** Reads all of a stream as text, or rejects when `signal` aborts first; `silence` speaks up when nothing comes. */
export async function readStream(stream: NodeJS.ReadableStream, signal?: AbortSignal, silence?: SilenceNotice): Promise<string> {
    const chunks: Buffer[] = [];
    return new Promise<string>((resolve, reject) => {
        const quiet = silence && setTimeout(silence.notice, silence.afterMs);
        quiet?.unref();
        const onAbort = () => {
            clearTimeout(quiet);
            // Stop reading so an open but silent pipe does not keep the process alive.
            (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
            reject(new UsageError("stdin: nothing arrived before the deadline; pipe `pulumi stack output --json` in or pass a file"));
        };
        signal?.addEventListener("abort", onAbort, { once: true });
        stream.on("data", (c: Buffer | string) => {
            clearTimeout(quiet);
            chunks.push(typeof c === "string" ? Buffer.from(c) : c);
        });
        stream.on("error", (e: Error) => reject(new UsageError(`stdin: cannot read it (${e.message})`)));
        stream.on("end", () => {
            clearTimeout(quiet);
            signal?.removeEventListener("abort", onAbort);
            resolve(Buffer.concat(chunks).toString("utf8"));
        });
    });
}

/** Reads a file (or `-` for stdin) and parses it as JSON, naming the input in any error. */
export async function readJsonInput(path: string, stdin: NodeJS.ReadableStream, signal?: AbortSignal, silence?: SilenceNotice): Promise<ParsedInput> {
    const source = path === "-" ? "stdin" : path;
    let text: string;
    if (path === "-") text = await readStream(stdin, signal, silence);
    else {
        try {
            text = await readFile(path, "utf8");
        } catch (e) {
            const code = (e as NodeJS.ErrnoException).code;
            const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : code === "EACCES" ? "permission denied" : String(e);
            throw new UsageError(`${source}: cannot read it (${why}); give the file written by \`pulumi stack output --json\` or \`pulumi stack export\``);
        }
    }
    return parseJsonInput(text, source);
}

/** Parses input text and decides its kind: an object with `deployment` is a stack export. */
export function parseJsonInput(text: string, source: string): ParsedInput {
    if (text.trim() === "") {
        throw new UsageError(`${source}: it is empty; pipe \`pulumi stack output --json\` in, or pass a stack outputs or stack export file`);
    }
    let json: unknown;
    try {
        json = JSON.parse(text);
    } catch (e) {
        throw new UsageError(`${source}: not valid JSON (${(e as Error).message}); give \`pulumi stack output --json\` or \`pulumi stack export\` output`);
    }
    const isExport = typeof json === "object" && json !== null && !Array.isArray(json) && "deployment" in json;
    return { source, kind: isExport ? "stack-export" : "stack-outputs", json };
}
