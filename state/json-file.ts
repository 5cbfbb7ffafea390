/** Reading a JSON file the user named (a stack export, a policy pack config). */
import * as fs from "node:fs";
import type { UserError } from "../user-error";

/**
 * The parsed contents of `file`; a missing, unreadable or malformed file throws `problem(message)`, the message
 * naming the file and what is wrong.
 */
export function readJsonFile(file: string, problem: (message: string) => UserError): unknown {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        const why =
            code === "ENOENT" ? "ENOENT: no such file" : code === "EISDIR" ? "EISDIR: it is a directory, give a file" : (code ?? (err as Error).message);
        throw problem(`${file}: cannot be read (${why})`);
    }
    return parseJsonText(text, file, problem);
}

/** `text`, read from `source` (a file name or `stdin`, for messages), parsed as JSON; malformed JSON throws `problem(message)`. */
export function parseJsonText(text: string, source: string, problem: (message: string) => UserError): unknown {
    // A byte-order mark (some Windows editors write one) is not JSON but carries nothing: skip it.
    const json = text.startsWith("\uFEFF") ? text.slice(1) : text;
    if (json.trim() === "") throw problem(`${source}: is empty`);
    try {
        return JSON.parse(json) as unknown;
    } catch (err) {
        throw problem(`${source}: is not valid JSON (${(err as Error).message})`);
    }
}
