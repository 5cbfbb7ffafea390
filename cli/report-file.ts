/**
 * The report files a command writes beside its output (`--junit`, `--sarif`): the path is checked before any work
 * starts, and the file is written through a temporary one, so a failed run never leaves half a report.
 */
import { access, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { printable } from "../check/printable";
import { UsageError } from "./usage-error";

/**
 * Checks that `file`, given with `flag` (e.g. `--junit`), names a file in a writable directory; `what` names the
 * report (e.g. `JUnit XML file`), `example` is a file name to suggest (e.g. `ses.xml`).
 */
export async function checkReportPath(flag: string, file: string, what: string, example: string): Promise<void> {
    const shown = printable(file);
    if (file.trim() === "") throw new UsageError(`${flag} '': give the path of the ${what} to write (like ${example})`);
    if (/[/\\]$/.test(file)) throw new UsageError(`${flag} '${shown}': a directory, not a file; give the path of the file to write (like ${shown}${example})`);
    const existing = await stat(file).catch(() => undefined);
    if (existing?.isDirectory())
        throw new UsageError(`${flag} '${shown}': a directory, not a file; give the path of the file to write (like ${shown}/${example})`);
    const dir = dirname(file);
    try {
        if (!(await stat(dir)).isDirectory()) throw new Error("not a directory");
        await access(dir, 2);
    } catch {
        throw new UsageError(`${flag} '${shown}': cannot write there (directory ${printable(dir)} is missing or not writable)`);
    }
}

/** Writes `text` to `file` through a temporary file beside it; a failure is a usage error naming `flag`. */
export async function writeReportFile(flag: string, file: string, text: string): Promise<void> {
    const temp = `${file}.${process.pid}.tmp`;
    try {
        await writeFile(temp, text, "utf8");
        await rename(temp, file);
    } catch (err) {
        await rm(temp, { force: true });
        throw new UsageError(`${flag} '${printable(file)}': cannot write the report (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
}
