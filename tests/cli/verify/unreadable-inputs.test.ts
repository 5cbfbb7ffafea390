/**
 * `ses-guard verify` fails closed on what it cannot read whole: a check target in a form this ses-guard does not
 * read, a stack-export identity with no readable name, an SES answer of the wrong type. Each is an error naming
 * it (exit 2), never a skip with exit 0, and the table, `--json` and the JUnit file agree with the exit code.
 * Runs the command on the real AWS SDK against the local SES v2 endpoint.
 */
import * as assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { awsTestEnv, AwsTestHome, makeAwsHome } from "../../../testing/aws-test-env";
import { CliResult, runCli } from "../../../testing/run-cli";
import { runCliInProcess } from "../../../testing/run-cli-in-process";
import { FakeIdentity, SesV2Endpoint, startSesV2Endpoint, VerificationStatus } from "../../../testing/sesv2-endpoint";
import { sampleStackExport } from "./stack-export-sample";

const FAST = ["--max-rps", "1000", "--interval", "20ms", "--request-timeout", "2s"];
const MARKER = "ses-guard/identity";
const target = (identity: string, extra: Record<string, unknown> = {}) => ({ sesGuard: MARKER, identity, region: "eu-west-1", ...extra });
const SIG = "4dabf18193072939515e22adb298388d";
const VALUE_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** The JSON report's exit code and each identity's status. */
function jsonReport(run: CliResult): { exitCode: number; statuses: Record<string, string>; errors: string[] } {
    const report = JSON.parse(run.stdout) as { exitCode: number; errors: string[]; identities: Array<{ identity: string; status: string }> };
    return { exitCode: report.exitCode, errors: report.errors, statuses: Object.fromEntries(report.identities.map((r) => [r.identity, r.status])) };
}

describe("cli: ses-guard verify fails closed on what it cannot read", () => {
    let ses: SesV2Endpoint | undefined;
    let home: AwsTestHome;
    let dir: string;
    let env: NodeJS.ProcessEnv;
    const start = async (identities: FakeIdentity[]) => {
        ses = await startSesV2Endpoint({ defaultRegion: "eu-west-1", identities });
        env = awsTestEnv(ses.url, home, { AWS_MAX_ATTEMPTS: "2" });
    };
    const verify = (args: string[], stdin = "") => runCliInProcess(["verify", ...args, ...FAST], { env, stdin });
    beforeEach(() => {
        home = makeAwsHome();
        dir = mkdtempSync(join(tmpdir(), "ses-guard-unreadable-"));
    });
    afterEach(async () => {
        await ses?.close();
        ses = undefined;
        home.remove();
        rmSync(dir, { recursive: true, force: true });
    });

    describe("check targets in stack outputs", () => {
        it("exits 2 on a check target of another version's tag or in other letter case, saying which ses-guard reads it", async () => {
            await start([
                { name: "ok.example.com", status: "SUCCESS" },
                { name: "v2.example.com", status: "PENDING" },
                { name: "upper.example.com", status: "PENDING" },
            ]);
            const stdin = JSON.stringify({
                ok: { checkTarget: target("ok.example.com") },
                next: { checkTarget: { ...target("v2.example.com"), sesGuard: "ses-guard/identity/v2" } },
                upper: { checkTarget: { ...target("upper.example.com"), sesGuard: "SES-Guard/Identity" } },
                key: { checkTarget: { SesGuard: MARKER, identity: "key.example.com", region: "eu-west-1" } },
            });
            const run = await verify([], stdin);
            assert.equal(run.code, 2, run.stdout + run.stderr);
            assert.match(run.stdout, /ok\.example\.com\s+eu-west-1\s+SUCCESS/);
            for (const name of ["v2", "upper", "key"]) assert.match(run.stdout, new RegExp(`${name}\\.example\\.com\\s+-\\s+ERROR`), run.stdout);
            assert.match(
                run.stdout,
                /"ses-guard\/identity\/v2", a check target format of a newer ses-guard than this one: this ses-guard \(0\.1\.0\) reads only/,
            );
            assert.match(run.stdout, /npx ses-guard@<its version> verify/);
            assert.match(
                run.stdout,
                /\{"sesGuard": "SES-Guard\/Identity"\}, which no ses-guard writes: this ses-guard \(0\.1\.0\) reads only \{"sesGuard": "ses-guard\/identity"\}/,
            );
            assert.match(run.stdout, /\{"SesGuard": "ses-guard\/identity"\}, which no ses-guard writes/);
        });

        it("reads a check target passed through JSON.stringify or in a secret envelope, and exits 2 on one it cannot", async () => {
            await start([
                { name: "ok.example.com", status: "SUCCESS" },
                { name: "json.example.com", status: "PENDING" },
                { name: "wire.example.com", status: "PENDING" },
                { name: "plain.example.com", status: "PENDING" },
            ]);
            const readable = JSON.stringify({
                ok: { checkTarget: target("ok.example.com") },
                stringified: JSON.stringify({ checkTarget: target("json.example.com") }),
                wire: { [SIG]: VALUE_SIG, value: { checkTarget: target("wire.example.com") } },
                exported: { checkTarget: { [SIG]: VALUE_SIG, plaintext: JSON.stringify(target("plain.example.com")) } },
            });
            const read = await verify(["--json"], readable);
            assert.equal(read.code, 1, read.stdout + read.stderr);
            // The two in secret envelopes are secrets: SES is asked about their names (both are found, PENDING), the
            // report shows them as [secret].
            const identities = (JSON.parse(read.stdout) as { identities: Array<{ identity: string; status: string }> }).identities;
            assert.deepEqual(identities.map((r) => `${r.identity} ${r.status}`).sort(), [
                "[secret] PENDING",
                "[secret] PENDING",
                "json.example.com PENDING",
                "ok.example.com SUCCESS",
            ]);

            const unreadable = JSON.stringify({
                ok: { checkTarget: target("ok.example.com") },
                encrypted: { checkTarget: { [SIG]: VALUE_SIG, ciphertext: "v1:AAAA" } },
                broken: '{"checkTarget": {"sesGuard": "ses-guard/identity", "identity": "cut.example.com"',
                targets: [target("ok.example.com"), "[secret]"],
            });
            const run = await verify([], unreadable);
            assert.equal(run.code, 2, run.stdout + run.stderr);
            assert.match(run.stdout, /output encrypted\.checkTarget is an encrypted secret and may be an identity's checkTarget/);
            assert.match(run.stdout, /output broken is a string that mentions ses-guard\/identity but is not valid JSON/);
            assert.match(run.stdout, /output targets\.1 is \[secret\] and may be an identity's checkTarget/);
        });
    });

    describe("identities in a stack export", () => {
        /** The sample export with the v1 domain identity `legacy` edited. */
        const exportWith = (edit: (r: { id?: string; inputs: Record<string, unknown>; outputs: Record<string, unknown> }) => void): string => {
            const json = sampleStackExport() as {
                deployment: { resources: Array<{ urn: string; id?: string; inputs: Record<string, unknown>; outputs: Record<string, unknown> }> };
            };
            const legacy = json.deployment.resources.find((r) => r.urn.endsWith("::legacy"));
            if (legacy === undefined) throw new Error("the sample has no legacy identity");
            edit(legacy);
            const file = join(dir, `export-${Math.random().toString(36).slice(2)}.json`);
            writeFileSync(file, JSON.stringify(json));
            return file;
        };
        const everyOther: FakeIdentity[] = ["example.com", "us.example.com", "ops@example.com"].map((name) => ({ name, status: "SUCCESS" as const }));

        it("exits 2 naming an identity resource whose name is missing, empty, a number or unknown, with no id", async () => {
            await start([...everyOther, { name: "legacy.example.com", status: "SUCCESS" }]);
            const cases: Array<[string, unknown, RegExp]> = [
                ["missing", undefined, /its domain \(the identity\) is missing and its id names none/],
                ["empty", "", /is empty and its id names none/],
                ["a number", 42, /is 42, not a name and its id names none/],
                ["unknown", "04da6b54-80e4-46f7-96ec-b56ff0331ba9", /is unknown \(the deployment that would set it did not finish\)/],
            ];
            for (const [label, value, message] of cases) {
                const file = exportWith((r) => {
                    delete r.id;
                    r.inputs.domain = value;
                    r.outputs.domain = value;
                });
                const run = await verify(["--json", file]);
                assert.equal(run.code, 2, `${label}: ${run.stdout}${run.stderr}`);
                const report = jsonReport(run);
                assert.equal(report.exitCode, 2, label);
                assert.equal(report.statuses["[unreadable] (legacy)"], "ERROR", `${label}: ${run.stdout}`);
                assert.match(report.errors.join("\n"), /resource legacy \(aws:ses\/domainIdentity:DomainIdentity\)/, label);
                assert.match(report.errors.join("\n"), message, label);
            }
        });

        it("checks a v1 DomainIdentity known only by its id (the provider's id is the domain)", async () => {
            await start([...everyOther, { name: "legacy.example.com", status: "PENDING" }]);
            const file = exportWith((r) => {
                r.id = "legacy.example.com";
                delete r.inputs.domain;
                delete r.outputs.domain;
            });
            const run = await verify(["--json", file]);
            assert.equal(run.code, 1, run.stdout + run.stderr);
            assert.equal(jsonReport(run).statuses["legacy.example.com"], "PENDING");
        });
    });

    describe("SES answers of the wrong type", () => {
        it("exits 2 with a clear error on a VerificationStatus that is not a string, the JSON and JUnit agreeing", async () => {
            await start([
                { name: "ok.example.com", status: "SUCCESS" },
                { name: "odd.example.com", status: 5 as unknown as VerificationStatus },
            ]);
            const junit = join(dir, "ses.xml");
            const table = await verify(["-i", "ok.example.com@eu-west-1", "-i", "odd.example.com@eu-west-1", "--junit", junit]);
            assert.equal(table.code, 2, table.stdout + table.stderr);
            assert.doesNotMatch(table.stderr, /internal error|padEnd/);
            assert.match(table.stdout, /odd\.example\.com\s+eu-west-1\s+ERROR/);
            assert.match(
                table.stdout,
                /GetEmailIdentity in eu-west-1: SES's answer gives odd\.example\.com a VerificationStatus of 5, not a string; the endpoint is not SES or is misbehaving/,
            );
            const xml = readFileSync(junit, "utf8");
            assert.match(xml, /<testsuites name="ses-guard verify" tests="2" failures="0" errors="1"/);
            assert.match(xml, /<testcase classname="ses-guard\.eu-west-1" name="odd\.example\.com" time="0">\s*<error message="[^"]*VerificationStatus of 5/);

            const json = await verify(["-i", "ok.example.com@eu-west-1", "-i", "odd.example.com@eu-west-1", "--json"]);
            assert.equal(json.code, 2);
            assert.deepEqual(jsonReport(json).statuses, { "ok.example.com": "SUCCESS", "odd.example.com": "ERROR" });
            assert.equal(jsonReport(json).exitCode, 2);
        });

        it("exits 2 from the built bin too, without a stack trace", async () => {
            await start([{ name: "odd.example.com", status: 5 as unknown as VerificationStatus }]);
            const run = await runCli(["verify", "-i", "odd.example.com@eu-west-1", ...FAST], { env });
            assert.equal(run.code, 2, run.stdout + run.stderr);
            assert.match(run.stdout, /VerificationStatus of 5, not a string/);
            assert.doesNotMatch(run.stderr, /\n\s+at /);
        });
    });
});
