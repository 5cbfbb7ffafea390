/**
 * `ses-guard verify`: after `pulumi up`, confirms every identity is live-verified in SES.
 * Exit codes: 0 all verified, 1 some not verified, 2 usage, credential or API errors.
 */
import { MAX_DURATION_MS, parseDuration } from "./verify/durations";
import { parseIdentityArgument } from "./verify/identity-arguments";
import { readJsonInput } from "./verify/input-files";
import { streamProgress } from "./verify/progress";
import { formatJson } from "./verify/report-json";
import { formatJunit, writeJunit } from "./verify/report-junit";
import { appendStepSummary, formatStepSummary } from "./verify/report-summary";
import { checkReportPath } from "./report-file";
import { formatTable, summaryLine } from "./verify/report-table";
import { printable } from "../check/printable";
import { DEFAULT_MAX_RPS, START_RPS } from "../check/rate-control";
import { runVerify, VerifyOptions, type VerifyReport } from "../check/run-verify";
import { deadlineSignal } from "../check/sleep";
import { targetsFromStackExport } from "./verify/stack-export-targets";
import { targetsFromStackOutputs } from "./verify/stack-outputs";
import { VerifyTarget } from "../check/verify-target";
import { isRegionName } from "../records";
import { SecretValues } from "../state/secret-values";
import { parseCommandLine } from "./command-line";
import { UsageError } from "./usage-error";
import type { CommandIo } from "./command-io";

/** The usage text of `ses-guard verify`. */
export const VERIFY_USAGE = `usage: ses-guard verify [FILE...] [options]

Confirms that SES identities are verified (and able to send) after \`pulumi up\`.

Which identities (at least one source):
  FILE                     \`pulumi stack output --json\` or \`pulumi stack export\` JSON ('-' for stdin);
                           piped stdin is read when no other source is given
  -i, --identity NAME      a domain or address, optionally NAME@REGION (repeatable, comma lists)
      --all                every identity of the account in the regions

AWS:
      --region R           region(s), repeatable or comma list (default: AWS_REGION or the profile's)
      --profile P          named profile (default: the SDK's default credential chain)
      --max-rps N          requests per second per region, at most (default 50); the rate itself adapts:
                           it starts at ${START_RPS}/s, grows until SES throttles, then follows SES's limit
      --request-timeout D  timeout of one request, its whole answer included (default 10s)
      --timeout D          overall deadline (default: --wait plus 20m)

Waiting and DNS:
      --wait D             poll until statuses settle or D passes (e.g. 90s, 15m); FAILED/NOT_STARTED end it
      --interval D         pause between polls while waiting (default 15s)
      --dns                look the expected records up in DNS and say which are missing or wrong
      --resolver IP[:PORT] DNS server for --dns (default: the system's)

Output:
      --json               the report as JSON on stdout
      --junit FILE         a JUnit XML report, one testcase per identity
  In GitHub Actions (GITHUB_STEP_SUMMARY set), a Markdown job summary is appended to that file too.

Exit codes: 0 all verified, 1 some not verified, 2 usage, credential or API errors.`;

/** A parsed command line. */
export interface VerifyCommand {
    options: Omit<VerifyOptions, "targets" | "progress">;
    identities: VerifyTarget[];
    files: string[];
    json: boolean;
    junit?: string;
    help: boolean;
}

/** Parses the arguments; every problem is a UsageError naming the flag. */
export function parseVerifyArguments(argv: string[]): VerifyCommand {
    const parsed = parseCommandLine(
        argv,
        {
            identity: { type: "string", short: "i", multiple: true },
            all: { type: "boolean" },
            region: { type: "string", multiple: true },
            profile: { type: "string" },
            "max-rps": { type: "string" },
            "request-timeout": { type: "string" },
            timeout: { type: "string" },
            wait: { type: "string" },
            interval: { type: "string" },
            dns: { type: "boolean" },
            resolver: { type: "string" },
            json: { type: "boolean" },
            junit: { type: "string" },
            help: { type: "boolean", short: "h" },
        },
        "verify",
    );
    const v = parsed.values;
    // An empty value is a mistake (an unset shell variable, most often), never a request for the default.
    for (const [flag, values] of [
        ["--region", v.region],
        ["--identity", v.identity],
    ] as const) {
        if ((values ?? []).some((x) => x.trim() === ""))
            throw new UsageError(
                `${flag} '': empty; give ${flag === "--region" ? "a region name like eu-west-1" : "a domain or an address, like example.com"} (an unset variable?)`,
            );
    }
    for (const flag of ["profile", "resolver"] as const) {
        if (v[flag] !== undefined && v[flag].trim() === "")
            throw new UsageError(`--${flag} '': empty; give a value or leave the flag out (an unset variable?)`);
    }
    const list = (values: string[] | undefined) =>
        (values ?? [])
            .flatMap((x) => x.split(","))
            .map((x) => x.trim())
            .filter((x) => x !== "");
    const regions = [...new Set(list(v.region))];
    for (const r of regions) if (!isRegionName(r)) throw new UsageError(`--region '${printable(r)}': not an AWS region name (like eu-west-1)`);
    const duration = (flag: string, text: string | undefined): number | undefined => {
        if (text === undefined) return undefined;
        if (text.trim().startsWith("-"))
            throw new UsageError(`--${flag} '${printable(text)}': a ${flag.replace("-", " ")} cannot be negative; give a duration like 90s or 15m`);
        const ms = parseDuration(text);
        if (ms === undefined || ms <= 0) throw new UsageError(`--${flag} '${printable(text)}': not a duration; write it like 90s, 15m, 1h30m or 500ms`);
        if (ms > MAX_DURATION_MS) throw new UsageError(`--${flag} '${printable(text)}': longer than a year, the most verify accepts; give a shorter duration`);
        return ms;
    };
    const waitMs = duration("wait", v.wait);
    const maxRps = v["max-rps"] === undefined ? DEFAULT_MAX_RPS : Number(v["max-rps"]);
    if (!Number.isFinite(maxRps) || maxRps <= 0)
        throw new UsageError(`--max-rps '${printable(v["max-rps"] ?? "")}': give a positive number of requests per second (a cap: the rate adapts below it)`);
    if (v.resolver !== undefined && !v.dns) throw new UsageError("--resolver only applies with --dns; add --dns");
    return {
        options: {
            all: v.all === true,
            regions,
            waitMs,
            pollIntervalMs: duration("interval", v.interval) ?? 15_000,
            timeoutMs: duration("timeout", v.timeout) ?? (waitMs ?? 0) + 20 * 60_000,
            client: {
                profile: v.profile,
                maxRps,
                requestTimeoutMs: duration("request-timeout", v["request-timeout"]) ?? 10_000,
                connectTimeoutMs: 5_000,
            },
            dns: v.dns ? { resolver: v.resolver, timeoutMs: 3_000, tries: 2 } : undefined,
        },
        identities: list(v.identity).map(parseIdentityArgument),
        files: parsed.positionals,
        json: v.json === true,
        junit: v.junit,
        help: v.help === true,
    };
}

/** Runs `ses-guard verify`; returns the exit code. */
export async function run(argv: string[], io: CommandIo): Promise<number> {
    const command = parseVerifyArguments(argv);
    if (command.help) {
        io.stdout.write(VERIFY_USAGE + "\n");
        return 0;
    }
    // The SDK reads these itself and fails with a bare "TypeError: Invalid URL" that names neither.
    for (const name of ["AWS_ENDPOINT_URL_SESV2", "AWS_ENDPOINT_URL"]) {
        const url = io.env[name];
        if (url !== undefined && url !== "" && !/^https?:$/.test(URL.parse(url)?.protocol ?? ""))
            throw new UsageError(
                `${name} '${url}': not an http(s) URL; give one like https://email.eu-west-1.amazonaws.com, or unset it to use SES's own endpoint`,
            );
    }
    if (command.junit !== undefined) await checkReportPath("--junit", command.junit, "JUnit XML file", "ses.xml");
    const files = [...command.files];
    if (files.length === 0 && command.identities.length === 0 && !command.options.all) {
        if (io.stdin.isTTY) {
            throw new UsageError(
                "no identities given: pipe `pulumi stack output --json` in, pass a stack outputs or stack export file, use --identity NAME or --all (see ses-guard verify --help)",
            );
        }
        files.push("-");
    }
    if (files.filter((f) => f === "-").length > 1) throw new UsageError("stdin ('-') can be read only once");
    const targets = [...command.identities];
    // The inputs' secret values (a --show-secrets export), which every report and error shows as [secret].
    const secrets = new SecretValues();
    const inputDeadline = deadlineSignal(command.options.timeoutMs, () => new Error("deadline"));
    try {
        for (const file of files) for (const t of await targetsFromFile(file, io, inputDeadline.signal, secrets)) targets.push(t);
    } finally {
        inputDeadline.cancel();
    }
    const tty = io.stderr.isTTY === true && !io.env.CI;
    let checked: VerifyReport;
    try {
        checked = await runVerify({
            ...command.options,
            targets,
            progress: command.options.waitMs !== undefined ? streamProgress(io.stderr, tty) : undefined,
        });
    } catch (err) {
        if (err instanceof Error) err.message = secrets.redact(err.message);
        throw err;
    }
    // SES was asked about the plaintext; what is shown has each secret value as [secret].
    const { value: report, redacted } = secrets.redactJson(checked);
    // Every report is formatted before any is written, so none can claim an outcome another never got to.
    const stdout = command.json ? formatJson(report, redacted) : formatTable(report);
    const stderr = command.json ? printable(summaryLine(report)) + "\n" : "";
    const junit = command.junit !== undefined ? formatJunit(report) : undefined;
    const summaryFile = io.env.GITHUB_STEP_SUMMARY;
    const summary = summaryFile !== undefined && summaryFile !== "" ? formatStepSummary(report) : undefined;
    io.stdout.write(stdout);
    io.stderr.write(stderr);
    if (command.junit !== undefined && junit !== undefined) await writeJunit(command.junit, junit);
    if (summaryFile !== undefined && summary !== undefined) await appendStepSummary(summaryFile, summary);
    return report.exitCode;
}

/** How long stdin may stay silent before the command says what it waits for. */
const SILENT_STDIN_NOTICE_MS = 3_000;

async function targetsFromFile(file: string, io: CommandIo, signal: AbortSignal, secrets: SecretValues): Promise<VerifyTarget[]> {
    const silence = {
        afterMs: SILENT_STDIN_NOTICE_MS,
        notice: () =>
            io.stderr.write(
                "ses-guard verify: waiting for `pulumi stack output --json` on stdin (nothing has arrived yet); pipe it in, or pass a file, --identity or --all\n",
            ),
    };
    const input = await readJsonInput(file, io.stdin, signal, silence);
    if (input.kind === "stack-outputs") secrets.addWire(input.json);
    const targets =
        input.kind === "stack-export" ? targetsFromStackExport(input.json, input.source, secrets) : targetsFromStackOutputs(input.json, input.source);
    if (targets.length === 0) {
        const what =
            input.kind === "stack-export" ? "no SES identity resources" : 'no ses-guard identity outputs (objects with sesGuard: "ses-guard/identity")';
        throw new UsageError(`${input.source}: ${what} found; export the components' checkTarget as a stack output, or use --identity NAME`);
    }
    return targets;
}
