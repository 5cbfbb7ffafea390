/**
 * Preloaded into every Node process of an audit run (`NODE_OPTIONS=--require <this file>`, which the pack the
 * command starts inherits) by the audit benchmark: on exit, appends `<pid> <script> <peak RSS in bytes>` to the
 * file named by BENCH_PEAK_RSS_FILE, so the command's and its pack's peaks are both known. A pack is ended
 * with SIGTERM, which skips `exit` handlers: the hook then records and exits as the signal would have.
 */
import * as fs from "node:fs";

const file = process.env.BENCH_PEAK_RSS_FILE;
if (file !== undefined && file !== "") {
    let recorded = false;
    const record = (): void => {
        if (recorded) return;
        recorded = true;
        // resourceUsage().maxRSS is in kilobytes (getrusage's ru_maxrss).
        fs.appendFileSync(file, `${process.pid} ${process.argv[1] ?? ""} ${process.resourceUsage().maxRSS * 1024}\n`);
    };
    process.on("exit", record);
    process.once("SIGTERM", () => {
        record();
        process.exit(143);
    });
}
