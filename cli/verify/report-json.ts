/** `--json`: the report as one JSON document on stdout, for scripts. */
import { VerifyReport } from "../../check/run-verify";

/**
 * The report as pretty-printed JSON (with a trailing newline), with `redacted`: the JSON paths of the fields that
 * show a secret value as `[secret]` (see state/secret-values).
 */
export function formatJson(report: VerifyReport, redacted: readonly string[] = []): string {
    return JSON.stringify({ ...report, redacted }, null, 2) + "\n";
}
