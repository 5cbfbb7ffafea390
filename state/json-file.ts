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
        throw problem(`${file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
    try {
        return JSON.parse(text) as unknown;
    } catch (err) {
        throw problem(`${file}: is not valid JSON (${(err as Error).message})`);
    }
}
