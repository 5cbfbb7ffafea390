/**
 * Every bad input issue 30 found, through the built command as a user's shell runs it: the exit code, one line
 * on stderr (or, for what SES answers, one line of the report) that names the input and says what to do, no
 * stack trace, no internal error, and an end within the time limit (no hang). Then the inputs that were refused
 * or misread and now work.
 * SES calls go through the real AWS SDK to the local SES v2 endpoint; the pack runs as its own process.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { awsTestEnv, makeAwsHome, type AwsTestHome } from "../../testing/aws-test-env";
import { ROOT, runCli, type CliResult } from "../../testing/run-cli";
import { startSesV2Endpoint, type SesV2Endpoint } from "../../testing/sesv2-endpoint";

/** A command that does not end within this is a hang. */
const HANG_MS = 60_000;

const EXPORTS = path.join(ROOT, "tests/offline-engine/fixtures/exports");
const VERIFIED_EXPORT = path.join(EXPORTS, "verified-domain.json");
const EXAMPLE = path.join(ROOT, "examples/verified-domain");
const RAW_EXAMPLE = path.join(ROOT, "examples/unverified-raw");

/** One bad input: the command line (files by name in a scratch directory), and what the message must say. */
interface BadInput {
    name: string;
    args: string[];
    /** Files written to the scratch directory (the working directory) first. */
    files?: Record<string, string>;
    stdin?: string;
    /** Changes to the environment (undefined removes a variable). */
    env?: Record<string, string | undefined>;
    code: number;
    /** Where the one line is: stderr (a usage error, the default) or the report on stdout (what SES said). */
    on?: "stderr" | "report";
    /** The input the line must name, as the user gave it. */
    input: string;
    /** What is wrong and what to do. */
    says: RegExp;
}

const OUTPUTS = JSON.stringify({ sender: { sesGuard: "ses-guard/identity", identity: "example.com", region: "eu-west-1" } });

/** The export of examples/unverified-raw with the raw resource `name` given its own `region` input `region`. */
function rawExportWithRegion(name: string, region: string): string {
    const exported = JSON.parse(fs.readFileSync(path.join(EXPORTS, "unverified-raw.json"), "utf8")) as {
        deployment: { resources: Array<{ urn: string; inputs?: Record<string, unknown> }> };
    };
    const resource = exported.deployment.resources.find((r) => r.urn.endsWith(`::${name}`));
    if (resource === undefined) throw new Error(`no resource ${name} in the unverified-raw export`);
    resource.inputs = { ...resource.inputs, region };
    return JSON.stringify(exported);
}

const CASES: BadInput[] = [
    // verify
    {
        name: "a negative --wait",
        args: ["verify", "-i", "example.com", "--wait", "-1"],
        code: 2,
        input: "--wait '-1'",
        says: /a wait cannot be negative; give a duration like 90s/,
    },
    {
        name: "a negative --interval",
        args: ["verify", "-i", "example.com", "--interval", "-5s"],
        code: 2,
        input: "--interval '-5s'",
        says: /cannot be negative; give a duration/,
    },
    {
        name: "an empty --region",
        args: ["verify", "-i", "example.com", "--region", ""],
        code: 2,
        input: "--region ''",
        says: /empty; give a region name like eu-west-1/,
    },
    { name: "an empty --identity", args: ["verify", "-i", ""], code: 2, input: "--identity ''", says: /empty; give a domain or an address/ },
    {
        name: "an empty --profile",
        args: ["verify", "-i", "example.com", "--profile", ""],
        code: 2,
        input: "--profile ''",
        says: /empty; give a value or leave the flag out/,
    },
    {
        name: "an address followed by @ and a misspelt region",
        args: ["verify", "-i", "noreply@example.com@mars-1"],
        code: 2,
        input: "noreply@example.com@mars-1",
        says: /'mars-1' is not an AWS region \(like eu-west-1\); write NAME@REGION with a region name, or leave @REGION out/,
    },
    {
        name: "a domain followed by @ and a misspelt region",
        args: ["verify", "-i", "example.com@mars-1"],
        code: 2,
        input: "example.com@mars-1",
        says: /'mars-1' is not an AWS region/,
    },
    {
        name: "an address whose domain is not a domain (once 'its domain it needs ...')",
        args: ["verify", "-i", "noreply@localhost"],
        code: 2,
        input: "noreply@localhost",
        says: /its domain 'localhost' is unusable: it needs at least two labels, like example\.com\. Give a domain or an email address/,
    },
    {
        name: "a malformed AWS_ENDPOINT_URL_SESV2",
        args: ["verify", "-i", "example.com", "--region", "eu-west-1"],
        env: { AWS_ENDPOINT_URL_SESV2: "localhost:4566 " },
        code: 2,
        input: "AWS_ENDPOINT_URL_SESV2 'localhost:4566 '",
        says: /not an http\(s\) URL; give one like https:\/\/email\.eu-west-1\.amazonaws\.com, or unset it/,
    },
    {
        name: "an AWS_ENDPOINT_URL_SESV2 that does not parse (once 'TypeError: Invalid URL')",
        args: ["verify", "-i", "example.com", "--region", "eu-west-1"],
        env: { AWS_ENDPOINT_URL_SESV2: "http://[::1" },
        code: 2,
        input: "AWS_ENDPOINT_URL_SESV2 'http://[::1'",
        says: /not an http\(s\) URL/,
    },
    {
        name: "a Unicode domain that is still wrong in ASCII",
        args: ["verify", "-i", "bücher"],
        code: 2,
        input: "--identity 'bücher' (in ASCII 'xn--bcher-kva')",
        says: /it needs at least two labels, like example\.com/,
    },
    {
        name: "a --profile that has no credentials",
        args: ["verify", "-i", "example.com", "--region", "eu-west-1", "--profile", "nosuchprofile"],
        env: { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined },
        code: 2,
        on: "report",
        input: "profile 'nosuchprofile'",
        says: /no usable AWS credentials from profile 'nosuchprofile' \(--profile\).*Check that ~\/\.aws\/config or ~\/\.aws\/credentials defines \[profile nosuchprofile\]/,
    },
    {
        // SES compares addresses exactly (https://docs.aws.amazon.com/ses/latest/dg/creating-identities.html#verify-email-addresses-procedure).
        name: "an address SES has in another letter case",
        args: ["verify", "-i", "NoReply@example.com", "--region", "eu-west-1"],
        code: 1,
        on: "report",
        input: "NoReply@example.com",
        says: /but it has noreply@example\.com, which differs only in letter case: SES compares addresses exactly, so name the identity as noreply@example\.com/,
    },
    // preview
    {
        name: "a --stack with an empty part",
        args: ["preview", "--stack", "acme//dev", EXAMPLE],
        code: 2,
        input: '--stack "acme//dev"',
        says: /not a stack name; give STACK, ORG\/STACK or ORG\/PROJECT\/STACK/,
    },
    {
        name: "an aws:region that is not a region, for raw resources",
        args: ["preview", "--config", "aws:region=mars-north-1", RAW_EXAMPLE],
        code: 2,
        input: 'aws:region "mars-north-1"',
        says: /not an AWS region name; give one like eu-west-1/,
    },
    {
        // pulumi-aws 7 takes a region input on each resource; one that is no region is the pack's to report.
        name: "a raw SES resource's own region input that is not a region",
        args: ["audit", "export.json"],
        files: { "export.json": rawExportWithRegion("example-org", "mars-north-1") },
        code: 1,
        on: "report",
        input: `aws:sesv2/emailIdentity:EmailIdentity 'example-org': its region input "mars-north-1"`,
        says: /its region input "mars-north-1" is not an AWS region name, so the deploy cannot reach SES there; give one like eu-west-1, or leave region out/,
    },
    {
        name: "an answers file with a misspelt top-level key",
        args: ["preview", "--answers", "answers.json", EXAMPLE],
        files: { "answers.json": JSON.stringify({ invoke: { "aws:index/getRegion:getRegion": { name: "eu-west-1" } } }) },
        code: 2,
        input: 'unknown key "invoke"',
        says: /\(did you mean 'invokes'\?\); an answers file holds only "invokes" and "stackReferences"/,
    },
    {
        name: "a negative --program-timeout",
        args: ["preview", "--program-timeout", "-5", EXAMPLE],
        code: 2,
        input: '--program-timeout "-5"',
        says: /expected a number of seconds above 0, e\.g\. --program-timeout 600/,
    },
    // audit
    {
        name: "a policy pack config with a misspelt option key",
        args: ["audit", "--policy-pack-config", "config.json", VERIFIED_EXPORT],
        files: { "config.json": JSON.stringify({ "ses-domain-identity-verified": { externallyVerifiedDomain: ["example.org"] } }) },
        code: 2,
        input: "unknown option 'externallyVerifiedDomain'",
        says: /\(did you mean 'externallyVerifiedDomains'\?\); its options are: externallyVerifiedDomains/,
    },
    {
        name: "a policy pack config with a misspelt policy name",
        args: ["audit", "--policy-pack-config", "config.json", VERIFIED_EXPORT],
        files: { "config.json": JSON.stringify({ "ses-domain-identity-verifed": "advisory" }) },
        code: 2,
        input: "'ses-domain-identity-verifed'",
        says: /not a policy of this pack \(did you mean 'ses-domain-identity-verified'\?\); its policies are: /,
    },
    {
        name: "stack outputs given to audit",
        args: ["audit", "outputs.json"],
        files: { "outputs.json": OUTPUTS },
        code: 2,
        input: "outputs.json",
        says: /holds stack outputs or other JSON, not a stack export .*audit takes 'pulumi stack export --file FILE', and verify takes 'pulumi stack output --json'/,
    },
    {
        name: "stack outputs piped to audit -",
        args: ["audit", "-"],
        stdin: OUTPUTS,
        code: 2,
        input: "stdin",
        says: /holds stack outputs or other JSON, not a stack export/,
    },
    {
        name: "an export file that does not exist",
        args: ["audit", "nosuch.json"],
        code: 2,
        input: "nosuch.json",
        says: /cannot be read \(ENOENT: no such file\); give the file `pulumi stack export --file FILE` writes/,
    },
];

describe("cli: every bad input gets one clear line, the right exit code, no stack and no hang (issue 30)", function () {
    this.timeout(HANG_MS * 2);
    let ses: SesV2Endpoint;
    let home: AwsTestHome;
    let dir: string;
    let env: NodeJS.ProcessEnv;

    before(async () => {
        ses = await startSesV2Endpoint({
            defaultRegion: "eu-west-1",
            identities: [
                { name: "noreply@example.com", status: "SUCCESS" },
                { name: "xn--bcher-kva.example", status: "SUCCESS" },
            ],
        });
        home = makeAwsHome();
        env = awsTestEnv(ses.url, home, { AWS_MAX_ATTEMPTS: "1" });
    });
    after(async () => {
        await ses.close();
        home.remove();
    });
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "ses-guard-bad-input-"));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    const run = (args: string[], options: { stdin?: string; env?: Record<string, string | undefined> } = {}): Promise<CliResult> => {
        const runEnv: NodeJS.ProcessEnv = { ...env };
        for (const [k, v] of Object.entries(options.env ?? {})) {
            if (v === undefined) delete runEnv[k];
            else runEnv[k] = v;
        }
        return runCli(args, { cwd: dir, env: runEnv, stdin: options.stdin ?? "", timeoutMs: HANG_MS });
    };

    for (const c of CASES) {
        it(c.name, async () => {
            for (const [name, text] of Object.entries(c.files ?? {})) fs.writeFileSync(path.join(dir, name), text);
            const result = await run(c.args, c);
            const shown = `exit ${result.code}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`;
            assert.ok(!result.timedOut, `still running after ${HANG_MS / 1000} s (a hang):\n${shown}`);
            assert.equal(result.code, c.code, shown);
            assert.doesNotMatch(result.stdout + result.stderr, /^\s+at .+[(:]\d+/m, `a stack trace:\n${shown}`);
            assert.doesNotMatch(result.stderr, /internal error|TypeError|ReferenceError/, shown);
            if ((c.on ?? "stderr") === "stderr") {
                const lines = result.stderr.split("\n").filter((l) => l !== "");
                assert.equal(lines.length, 1, `one line on stderr:\n${shown}`);
                assert.ok(lines[0].startsWith("ses-guard: "), shown);
                assert.ok(lines[0].includes(c.input), `the line names ${c.input}:\n${shown}`);
                assert.match(lines[0], c.says, shown);
            } else {
                const line = result.stdout.split("\n").find((l) => c.says.test(l));
                assert.ok(line !== undefined, `a report line says ${c.says}:\n${shown}`);
                assert.ok(line.includes(c.input), `the line names ${c.input}:\n${shown}`);
            }
        });
    }

    describe("inputs that were refused or misread, and now work", () => {
        it("takes a Unicode domain in its ASCII (punycode) form, and shows both", async () => {
            const result = await run(["verify", "-i", "bücher.example", "--region", "eu-west-1", "--json"]);
            assert.equal(result.code, 0, result.stdout + result.stderr);
            const report = JSON.parse(result.stdout) as { identities: Array<{ identity: string; source: string; status: string }> };
            assert.deepEqual(
                report.identities.map((i) => [i.identity, i.source, i.status]),
                [["xn--bcher-kva.example", "--identity 'bücher.example'", "SUCCESS"]],
            );
        });

        it("says the rate starts where the rate control starts it, as the README does", async () => {
            const help = await run(["verify", "--help"]);
            assert.match(help.stdout, /it starts at 1\/s, grows until SES throttles/);
            assert.match(fs.readFileSync(path.join(ROOT, "README.md"), "utf8"), /a region starts at \*\*1 request\/s\*\*/);
        });

        it("reads --stack ORG/PROJECT/STACK as stack STACK, whose config file is Pulumi.STACK.yaml", async () => {
            const result = await run(["preview", "--stack", "acme/verified-domain/dev", EXAMPLE, "--json"]);
            assert.equal(result.code, 0, result.stderr);
            assert.equal((JSON.parse(result.stdout) as { stacks: Array<{ stack: string }> }).stacks[0].stack, "dev");
        });

        it("reads a policy pack config that starts with a UTF-8 byte-order mark", async () => {
            fs.writeFileSync(path.join(dir, "config.json"), '\uFEFF{"all": "advisory"}');
            const result = await run(["audit", "--policy-pack-config", "config.json", VERIFIED_EXPORT]);
            assert.equal(result.code, 0, result.stderr);
        });

        it("audit - reads the export from stdin, as `pulumi stack export | ses-guard audit -` does", async () => {
            const fromFile = await run(["audit", "--json", VERIFIED_EXPORT]);
            const fromStdin = await run(["audit", "--json", "-"], { stdin: fs.readFileSync(VERIFIED_EXPORT, "utf8") });
            assert.equal(fromStdin.code, fromFile.code, fromStdin.stderr);
            const violations = (r: CliResult) => (JSON.parse(r.stdout) as { stacks: Array<{ resources: number; violations: unknown[] }> }).stacks[0];
            assert.equal(violations(fromStdin).resources, violations(fromFile).resources);
            assert.deepEqual(violations(fromStdin).violations, violations(fromFile).violations);
        });
    });
});
