import * as assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { awsTestEnv, AwsTestHome, makeAwsHome } from "../../testing/aws-test-env";
import { sampleStackExport } from "./verify/stack-export-sample";
import { CliResult, runCli } from "../../testing/run-cli";
import { runCliInProcess } from "../../testing/run-cli-in-process";
import { FakeIdentity, SesV2Endpoint, SesV2EndpointOptions, startSesV2Endpoint } from "../../testing/sesv2-endpoint";

/** Runs `ses-guard verify` in-process with the test's AWS environment. */
function runVerify(args: string[], env: NodeJS.ProcessEnv, stdin: string | "keep-open" = ""): Promise<CliResult> {
    return runCliInProcess(["verify", ...args], { env, stdin });
}

/** Runs the built `ses-guard verify` as a child process, as a user's shell does. */
function spawnVerify(args: string[], env: NodeJS.ProcessEnv, stdin: string | "keep-open" = ""): Promise<CliResult> {
    return runCli(["verify", ...args], { env, stdin });
}

const FAST = ["--max-rps", "1000", "--interval", "20ms", "--request-timeout", "2s"];
const outputs = (...targets: Array<Record<string, string>>) =>
    JSON.stringify({ mail: targets.map((t) => ({ checkTarget: { sesGuard: "ses-guard/identity", ...t } })) });

describe("cli: ses-guard verify", () => {
    let ses: SesV2Endpoint;
    let home: AwsTestHome;
    let dir: string;
    let env: NodeJS.ProcessEnv;
    const start = async (identities: FakeIdentity[], options: SesV2EndpointOptions = {}) => {
        ses = await startSesV2Endpoint({ defaultRegion: "eu-west-1", identities, ...options });
        env = awsTestEnv(ses.url, home, { AWS_MAX_ATTEMPTS: "2" });
    };
    beforeEach(() => {
        home = makeAwsHome();
        dir = mkdtempSync(join(tmpdir(), "ses-guard-verify-"));
    });
    afterEach(async () => {
        await ses?.close();
        home.remove();
        rmSync(dir, { recursive: true, force: true });
    });

    describe("exit codes", () => {
        it("exits 0 when every identity is verified", async () => {
            await start([{ name: "example.com", status: "SUCCESS" }]);
            const run = await runVerify(["--identity", "example.com@eu-west-1", ...FAST], env);
            assert.equal(run.code, 0, run.stderr);
            assert.match(run.stdout, /example\.com\s+eu-west-1\s+SUCCESS\s+yes\s+SUCCESS, signing enabled.*verified/);
            assert.match(
                run.stdout,
                /1 of 1 identity verified; 3 API calls \(1 GetAccount, 1 GetEmailIdentity, 1 ListEmailIdentities\), 0 throttled, 0 retries/,
            );
        });

        it("exits 1 when some identity is not verified, and explains it", async () => {
            await start([
                { name: "example.com", status: "SUCCESS" },
                { name: "bad.example.com", status: "FAILED", errorType: "HOST_NOT_FOUND" },
            ]);
            const run = await runVerify(["-i", "example.com,bad.example.com", "--region", "eu-west-1", ...FAST], env);
            assert.equal(run.code, 1, run.stderr);
            assert.match(run.stdout, /bad\.example\.com \(eu-west-1\): verification: FAILED/);
            assert.match(run.stdout, /HOST_NOT_FOUND: SES found no such name in public DNS/);
            assert.match(run.stdout, /CNAME\s+\S+\._domainkey\.bad\.example\.com\s+\S+\.dkim\.amazonses\.com/);
        });

        it("exits 2 on an API error, never reporting the identity verified", async () => {
            await start([{ name: "example.com", status: "SUCCESS" }]);
            ses.failNext("access-denied", 10);
            const run = await runVerify(["-i", "example.com@eu-west-1", ...FAST], env);
            assert.equal(run.code, 2);
            assert.match(run.stdout, /access denied \(AccessDeniedException\)/);
            assert.doesNotMatch(run.stdout, /\bverified$/m);
        });

        it("exits 2 with a usage error, without a stack trace, when no identities are given (the built bin)", async () => {
            await start([]);
            const run = await spawnVerify(FAST, env, "");
            assert.equal(run.code, 2);
            assert.match(run.stderr, /^ses-guard: stdin: it is empty; pipe `pulumi stack output --json` in/);
            assert.doesNotMatch(run.stderr, /\n\s+at /);
        });

        it("exits 2 at the deadline when stdin stays open and nothing arrives (the built bin)", async () => {
            await start([]);
            const run = await spawnVerify(["--timeout", "300ms"], env, "keep-open");
            assert.equal(run.code, 2);
            assert.match(run.stderr, /stdin: nothing arrived before the deadline/);
        });

        it("exits 2 on a bad duration, naming the flag", async () => {
            await start([]);
            const run = await runVerify(["-i", "example.com", "--wait", "soon"], env);
            assert.equal(run.code, 2);
            assert.match(run.stderr, /--wait 'soon': not a duration; write it like 90s, 15m/);
            assert.doesNotMatch(run.stderr, /\n\s+at /);
        });

        it("exits 2 on an unreadable file, naming it", async () => {
            await start([]);
            const run = await runVerify([join(dir, "missing.json")], env);
            assert.equal(run.code, 2);
            assert.match(run.stderr, /missing\.json: cannot read it \(no such file\)/);
        });

        it("exits 2 on an unknown flag and on a region that is not one", async () => {
            await start([]);
            const unknown = await runVerify(["--identiy", "example.com"], env);
            assert.equal(unknown.code, 2);
            assert.match(unknown.stderr, /Unknown option '--identiy'/);
            const region = await runVerify(["-i", "example.com", "--region", "europe"], env);
            assert.equal(region.code, 2);
            assert.match(region.stderr, /--region 'europe': not an AWS region name/);
        });

        it("exits 1 when --all finds no identity to verify", async () => {
            await start([]);
            const run = await runVerify(["--all", "--region", "eu-west-1", ...FAST], env);
            assert.equal(run.code, 1);
            assert.match(run.stdout, /^no identities found to verify/);
        });

        it("exits 0 and prints the usage for --help", async () => {
            await start([]);
            const run = await runVerify(["--help"], env);
            assert.equal(run.code, 0);
            assert.match(run.stdout, /^usage: ses-guard verify/);
            assert.match(run.stdout, /Exit codes: 0 all verified, 1 some not verified, 2 usage, credential or API errors/);
        });

        it("exits 2 when no region can be found for an identity", async () => {
            await start([]);
            const run = await runVerify(["-i", "example.com", ...FAST], env);
            assert.equal(run.code, 2);
            assert.match(run.stderr, /no AWS region: give --region/);
        });
    });

    describe("inputs", () => {
        it("reads `pulumi stack output --json` piped on stdin (the built bin)", async () => {
            await start([
                { name: "example.com", status: "SUCCESS" },
                { name: "noreply@example.org", region: "us-east-1", status: "SUCCESS" },
            ]);
            const run = await spawnVerify(
                FAST,
                env,
                outputs({ identity: "example.com", region: "eu-west-1" }, { identity: "noreply@example.org", region: "us-east-1" }),
            );
            assert.equal(run.code, 0, run.stdout + run.stderr);
            assert.match(run.stdout, /2 of 2 identities verified/);
        });

        it("reads stack outputs from a file", async () => {
            await start([{ name: "example.com", status: "PENDING" }]);
            const file = join(dir, "outputs.json");
            writeFileSync(file, outputs({ identity: "example.com", region: "eu-west-1" }));
            const run = await runVerify([file, ...FAST], env);
            assert.equal(run.code, 1);
            assert.match(run.stdout, /example\.com\s+eu-west-1\s+PENDING/);
        });

        it("says so when stack outputs hold no ses-guard identity", async () => {
            await start([]);
            const run = await runVerify(FAST, env, JSON.stringify({ bucket: "logs" }));
            assert.equal(run.code, 2);
            assert.match(run.stderr, /stdin: no ses-guard identity outputs/);
        });

        it("reads a `pulumi stack export` file with each identity's region and expected configuration set", async () => {
            await start(
                [
                    { name: "example.com", status: "SUCCESS", configurationSetName: "transactional", mailFromDomain: "mail.example.com" },
                    { name: "us.example.com", region: "us-east-1", status: "SUCCESS" },
                    { name: "legacy.example.com", status: "SUCCESS" },
                    { name: "ops@example.com", status: "SUCCESS" },
                ],
                { configurationSets: ["transactional"] },
            );
            const file = join(dir, "export.json");
            writeFileSync(file, JSON.stringify(sampleStackExport()));
            const run = await runVerify([file, "--json", ...FAST], env);
            assert.equal(run.code, 0, run.stdout + run.stderr);
            const report = JSON.parse(run.stdout) as { identities: Array<{ identity: string; region: string; checks: Array<{ check: string }> }> };
            assert.deepEqual(report.identities.map((r) => `${r.identity}@${r.region}`).sort(), [
                "example.com@eu-west-1",
                "legacy.example.com@eu-west-1",
                "ops@example.com@eu-west-1",
                "us.example.com@us-east-1",
            ]);
            const main = report.identities.find((r) => r.identity === "example.com");
            assert.deepEqual(
                main?.checks.map((c) => c.check),
                ["exists", "verification", "sending", "dkim", "mail-from", "configuration-set"],
            );
        });

        it("checks every identity in several regions with --all and a comma list", async () => {
            await start([
                { name: "a.example.com", region: "eu-west-1", status: "SUCCESS" },
                { name: "b.example.com", region: "us-east-1", status: "SUCCESS" },
            ]);
            const run = await runVerify(["--all", "--region", "eu-west-1,us-east-1", ...FAST], env);
            assert.equal(run.code, 0, run.stderr);
            assert.match(run.stdout, /2 of 2 identities verified; 6 API calls/);
        });
    });

    describe("output", () => {
        it("writes the JSON report on stdout and the summary line on stderr", async () => {
            await start([{ name: "example.com", status: "PENDING" }], { accounts: { "eu-west-1": { productionAccessEnabled: false } } });
            const run = await runVerify(["-i", "example.com@eu-west-1", "--json", ...FAST], env);
            assert.equal(run.code, 1);
            const report = JSON.parse(run.stdout) as Record<string, unknown>;
            assert.equal(report.result, "not-verified");
            assert.equal(report.exitCode, 1);
            assert.deepEqual(report.calls, { total: 3, byOperation: { GetAccount: 1, ListEmailIdentities: 1, GetEmailIdentity: 1 }, throttled: 0, retries: 0 });
            assert.deepEqual(report.accounts, [
                { region: "eu-west-1", account: { productionAccessEnabled: false, sendingEnabled: true, enforcementStatus: "HEALTHY" } },
            ]);
            const [identity] = report.identities as Array<{ status: string; expectedRecords: unknown[] }>;
            assert.equal(identity.status, "PENDING");
            assert.equal(identity.expectedRecords.length, 4);
            assert.match(run.stderr, /0 of 1 identity verified; 3 API calls/);
        });

        it("writes a JUnit report with one testcase per identity, failures carrying the explanation", async () => {
            await start([
                { name: "ok.example.com", status: "SUCCESS" },
                { name: "bad.example.com", status: "FAILED", errorType: "INVALID_VALUE" },
            ]);
            const file = join(dir, "ses.xml");
            const run = await runVerify(["-i", "ok.example.com,bad.example.com", "--region", "eu-west-1", "--junit", file, ...FAST], env);
            assert.equal(run.code, 1);
            const xml = readFileSync(file, "utf8");
            assert.match(xml, /<testsuite name="ses-guard verify" tests="2" failures="1" errors="0"/);
            assert.match(xml, /<testcase classname="ses-guard.eu-west-1" name="ok.example.com" time="0"\/>/);
            assert.match(
                xml,
                /<testcase classname="ses-guard.eu-west-1" name="bad.example.com" time="0">\s*<failure message="SES stopped looking after 72 hours[^"]*" type="FAILED">/,
            );
            assert.match(xml, /INVALID_VALUE: the records exist but their values are not what SES expects/);
            assert.deepEqual(readdirSync(dir), ["ses.xml"], "no temporary file left behind");
        });

        it("appends a Markdown job summary to GITHUB_STEP_SUMMARY: a row per identity, each failure explained, names kept inert", async () => {
            const crafted = "a|b<img src=x>`c`\u001b[2J.example.com";
            await start([
                { name: "ok.example.com", status: "SUCCESS" },
                { name: "bad.example.com", status: "FAILED", errorType: "INVALID_VALUE" },
                { name: crafted, status: "SUCCESS" },
            ]);
            const file = join(dir, "summary.md");
            writeFileSync(file, "an earlier step's summary\n");
            const run = await runVerify(["--all", "--region", "eu-west-1", ...FAST], { ...env, GITHUB_STEP_SUMMARY: file });
            assert.equal(run.code, 1, run.stderr);
            const md = readFileSync(file, "utf8");
            assert.ok(md.startsWith("an earlier step's summary\n## ❌ ses-guard verify: 2 of 3 identities verified\n"), md);
            const rows = md.split("\n").filter((l) => l.startsWith("| "));
            assert.equal(rows.length, 4, "a header and one row per identity");
            assert.match(rows[0] ?? "", /^\| IDENTITY \| REGION \| STATUS \| SENDING \| DKIM \| MAIL FROM \| CONFIG SET \| RESULT \|$/);
            assert.ok(
                rows.some((r) => r.startsWith("| ok\\.example\\.com | eu\\-west\\-1 | SUCCESS | yes |") && r.endsWith("| verified |")),
                rows.join("\n"),
            );
            assert.ok(
                rows.some((r) => r.startsWith("| bad\\.example\\.com |") && r.endsWith("| NOT VERIFIED |")),
                rows.join("\n"),
            );
            // Every cell has exactly the table's 8 columns: no pipe, tag, code span or escape sequence of the name survives.
            for (const row of rows) assert.equal(row.split(/(?<!\\)\|/).length, 10, row);
            assert.ok(md.includes("| a\\|b\\<img src\\=x\\>\\`c\\`\\?\\[2J\\.example\\.com |"), md);
            assert.doesNotMatch(md, /\u001b/);
            assert.ok(md.includes("### bad\\.example\\.com \\(eu\\-west\\-1\\)\n\n```text\nbad.example.com (eu-west-1): verification: FAILED"), md);
            assert.match(md, /INVALID_VALUE: the records exist but their values are not what SES expects/);
        });

        it("fails with exit 2 naming GITHUB_STEP_SUMMARY when the summary cannot be written", async () => {
            await start([{ name: "example.com", status: "SUCCESS" }]);
            const run = await runVerify(["-i", "example.com@eu-west-1", ...FAST], { ...env, GITHUB_STEP_SUMMARY: join(dir, "missing", "summary.md") });
            assert.equal(run.code, 2);
            assert.match(run.stderr, /GITHUB_STEP_SUMMARY '.*summary\.md': cannot append the job summary \(ENOENT\)/);
        });

        it("marks identities SES could not be asked about as JUnit errors", async () => {
            await start([{ name: "example.com", status: "SUCCESS" }]);
            ses.failNext("access-denied", 10, "GetEmailIdentity");
            const file = join(dir, "ses.xml");
            const run = await runVerify(["-i", "example.com@eu-west-1", "--junit", file, ...FAST], env);
            assert.equal(run.code, 2);
            assert.match(readFileSync(file, "utf8"), /tests="1" failures="0" errors="1"[\s\S]*<error message="GetEmailIdentity in eu-west-1: access denied/);
        });

        it("refuses a --junit path in a missing directory before calling SES", async () => {
            await start([{ name: "example.com", status: "SUCCESS" }]);
            const run = await runVerify(["-i", "example.com@eu-west-1", "--junit", join(dir, "no", "ses.xml"), ...FAST], env);
            assert.equal(run.code, 2);
            assert.match(run.stderr, /--junit '.*ses\.xml': cannot write there/);
            assert.equal(ses.totalRequests(), 0);
            assert.equal(existsSync(join(dir, "no")), false);
        });

        it("prints plain progress lines while waiting when not on a terminal", async () => {
            await start([{ name: "example.com", status: "PENDING", transitions: [{ afterPolls: 2, status: "SUCCESS" }] }]);
            const run = await runVerify(["-i", "example.com@eu-west-1", "--wait", "30s", ...FAST], env);
            assert.equal(run.code, 0, run.stderr);
            const lines = run.stderr.split("\n").filter((l) => l.startsWith("waiting "));
            assert.match(lines[0], /^waiting \d+s of 30s: 1 PENDING$/);
            assert.match(lines[lines.length - 1], /: 1 SUCCESS$/);
            assert.doesNotMatch(run.stderr, /\r|\x1b\[/);
            assert.match(run.stdout, /wait settled after 2 polls/);
        });

        it("honours AWS_ENDPOINT_URL_SESV2 and sends no request elsewhere (the built bin)", async () => {
            await start([{ name: "example.com", status: "SUCCESS" }]);
            const run = await spawnVerify(["-i", "example.com@eu-west-1", ...FAST], env);
            assert.equal(run.code, 0);
            assert.equal(ses.totalRequests(), 3);
            assert.deepEqual([...ses.accessKeys], ["AKIDSESGUARDTEST"]);
        });
    });
    describe("fail closed on inputs", () => {
        it("waits with --wait 1000h without a false deadline (no timer overflow)", async () => {
            await start([{ name: "example.com", status: "SUCCESS" }]);
            const run = await runVerify(["-i", "example.com@eu-west-1", "--wait", "1000h", ...FAST], env);
            assert.equal(run.code, 0, run.stdout + run.stderr);
            assert.doesNotMatch(run.stdout + run.stderr, /deadline/);
        });

        it("refuses an absurd duration with a message", async () => {
            await start([]);
            const run = await runVerify(["-i", "example.com@eu-west-1", "--timeout", "99999h"], env);
            assert.equal(run.code, 2);
            assert.match(run.stderr, /--timeout '99999h': longer than a year, the most verify accepts/);
        });

        it("refuses a --junit path that is a directory or empty before calling SES, leaving no file", async () => {
            await start([{ name: "example.com", status: "SUCCESS" }]);
            const asDir = await runVerify(["-i", "example.com@eu-west-1", "--junit", dir, ...FAST], env);
            assert.equal(asDir.code, 2);
            assert.match(asDir.stderr, /--junit '.*': a directory, not a file/);
            assert.doesNotMatch(asDir.stderr, /\n\s+at /);
            const empty = await runVerify(["-i", "example.com@eu-west-1", "--junit", "", ...FAST], env);
            assert.equal(empty.code, 2);
            assert.match(empty.stderr, /--junit '': give the path of the JUnit XML file/);
            assert.equal(ses.totalRequests(), 0);
            assert.deepEqual(readdirSync(dir), []);
        });

        it("exits 2 on a checkTarget printed as [secret], saying to show secrets, and still checks the others", async () => {
            await start([{ name: "example.com", status: "SUCCESS" }]);
            const stdin = JSON.stringify({
                hidden: { checkTarget: "[secret]" },
                mail: { checkTarget: { sesGuard: "ses-guard/identity", identity: "example.com", region: "eu-west-1" } },
            });
            const run = await runVerify(FAST, env, stdin);
            assert.equal(run.code, 2, run.stdout + run.stderr);
            assert.match(run.stdout, /\[secret\]\s+-\s+ERROR/);
            assert.match(run.stdout, /example\.com\s+eu-west-1\s+SUCCESS.*verified/);
            assert.match(run.stdout, /output hidden\.checkTarget is \[secret\].*pulumi stack output --json --show-secrets/);
        });

        it("says what it waits for when stdin stays open and silent", async () => {
            await start([]);
            const run = await runVerify(["--timeout", "4s"], env, "keep-open");
            assert.equal(run.code, 2);
            assert.match(run.stderr, /waiting for `pulumi stack output --json` on stdin \(nothing has arrived yet\)/);
            assert.match(run.stderr, /stdin: nothing arrived before the deadline/);
        });
    });
});
