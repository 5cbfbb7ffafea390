/** `--json`: the report as one JSON document on stdout, for scripts. */
import { VerifyReport } from "../../check/run-verify";

/** The report as pretty-printed JSON (with a trailing newline). */
export function formatJson(report: VerifyReport): string {
    return JSON.stringify(report, null, 2) + "\n";
}
