import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ROOT, runCli } from "../../testing/run-cli";
import { runCliInProcess } from "../../testing/run-cli-in-process";

const VERIFIED = "examples/verified-domain";
const UNVERIFIED = "examples/unverified-raw";
const PROGRAMS = path.join(ROOT, "tests", "offline-engine", "fixtures", "programs");

/** The command in-process, except where a case says it runs the built bin as a user does. */
describe("cli: preview", () => {
    let tmp: string;

    before(() => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ses-guard-preview-"));
    });

    after(() => {
        fs.rmSync(tmp, { recursive: true, force: true });
    });

    it("shows one passing and one failing stack for the built-in examples and exits 1 (npm start; the built bin)", async () => {
        const { code, stdout } = await runCli(["preview", VERIFIED, UNVERIFIED]);
        assert.equal(code, 1);
        const [verified, unverified] = stdout.split(/\n\n(?=examples\/)/);
        assert.match(
            verified ?? "",
            /^examples\/verified-domain \(project verified-domain, stack dev, preview\): \d+ resources\nPolicies:\n {4}✅ ses-guard@v/,
        );
        assert.match(unverified ?? "", /❌ ses-guard@v[\d.]+ \(local: /);
        // As pulumi preview prints it (pkg/backend/display): one flat list, `- [level]  policy  (type: name)`, no URN lines.
        assert.match(
            unverified ?? "",
            /\n {8}- \[mandatory\] \[severity: high\] {2}ses-domain-identity-verified {2}\(aws:sesv2:EmailIdentity: example-org\) {2}index\.ts:11\n {10}\S/,
        );
        assert.doesNotMatch(stdout, /^\s+urn:pulumi:/m);
        assert.match(stdout, /1 of 2 stacks failed a mandatory policy\.\n$/);
    });

    it("exits 0 when every stack passes", async () => {
        const { code, stdout } = await runCliInProcess(["preview", VERIFIED]);
        assert.equal(code, 0, stdout);
        assert.match(stdout, /The stack passes every mandatory policy\./);
    });

    it("previews the current directory when given none", async () => {
        const { code, stdout } = await runCliInProcess(["preview"], { cwd: path.join(ROOT, VERIFIED) });
        assert.equal(code, 0, stdout);
        assert.match(stdout, /^\. \(project verified-domain, stack dev, preview\)/);
    });

    it("prints a JSON report with --json, program output kept off stdout (the built bin)", async () => {
        const { code, stdout } = await runCli(["preview", "--json", "--update", VERIFIED, UNVERIFIED]);
        assert.equal(code, 1);
        const report = JSON.parse(stdout) as {
            ok: boolean;
            stacks: { source: string; mode: string; failed: boolean; violations: { policyName: string; name?: string }[] }[];
        };
        assert.equal(report.ok, false);
        assert.deepEqual(
            report.stacks.map((s) => [s.source, s.mode, s.failed]),
            [
                [VERIFIED, "update", false],
                [UNVERIFIED, "update", true],
            ],
        );
        assert.ok(report.stacks[1]?.violations.some((v) => v.policyName === "ses-domain-identity-verified" && v.name === "example-org"));
    });

    it("takes --policy-pack-config: all policies advisory makes the failing example exit 0", async () => {
        const file = path.join(tmp, "advisory.json");
        fs.writeFileSync(file, JSON.stringify({ all: "advisory" }));
        const { code, stdout } = await runCliInProcess(["preview", "--policy-pack-config", file, UNVERIFIED]);
        assert.equal(code, 0, stdout);
        assert.match(stdout, /- \[advisory\] \[severity: high\] {2}ses-domain-identity-verified/);
    });

    it("takes --config over the stack file and --stack to pick the stack", async () => {
        const { stdout } = await runCliInProcess([
            "preview",
            "--json",
            "--stack",
            "prod",
            "--config",
            "domain=override.example",
            path.join(PROGRAMS, "ts-identity"),
        ]);
        const report = JSON.parse(stdout) as { stacks: { stack: string; violations: { message: string }[] }[] };
        assert.equal(report.stacks[0]?.stack, "prod");
        assert.ok(
            report.stacks[0]?.violations.some((v) => v.message.includes("override.example")),
            stdout,
        );
    });

    it("exits 2 naming the directory when it has no Pulumi.yaml", async () => {
        const { code, stderr, stdout } = await runCliInProcess(["preview", tmp]);
        assert.equal(code, 2);
        assert.equal(stdout, "");
        assert.equal(stderr, `ses-guard: ${tmp} has no Pulumi.yaml; give the directory of a Pulumi project (the one holding Pulumi.yaml)\n`);
    });

    it("exits 2 showing the program's own error when it throws", async () => {
        const { code, stderr } = await runCliInProcess(["preview", path.join(PROGRAMS, "throws")]);
        assert.equal(code, 2);
        assert.match(
            stderr,
            /^ses-guard: the program in .*throws failed:\n {2}Running program '.*throws\/' failed with an unhandled exception:\n {2}Error: the program broke on purpose\n {6}at Object\.<anonymous> \(.*throws\/index\.js:6:7\)\n$/,
        );
    });

    it("exits 2 showing the pack's stderr when the pack fails to start", async () => {
        const { code, stderr } = await runCliInProcess(["preview", "--pack", path.join(ROOT, "tests", "offline-engine", "fixtures", "broken-pack"), VERIFIED]);
        assert.equal(code, 2);
        assert.match(stderr, /ses-guard: policy pack .*broken-pack exited \(code \d+\) before printing its port; its stderr:\n/);
        assert.match(stderr, /broken-pack fails while loading/);
    });

    it("exits 2 on a policy pack config with an unknown level, naming it", async () => {
        const file = path.join(tmp, "bad-level.json");
        fs.writeFileSync(file, JSON.stringify({ "ses-domain-identity-verified": "strict" }));
        const { code, stderr } = await runCliInProcess(["preview", "--policy-pack-config", file, VERIFIED]);
        assert.equal(code, 2);
        assert.match(stderr, /'ses-domain-identity-verified': "strict" is not an enforcement level; use one of advisory, mandatory, disabled, remediate/);
    });

    it("exits 2 on a policy pack config naming an unknown policy, saying the Pulumi CLI would ignore it", async () => {
        const file = path.join(tmp, "typo.json");
        fs.writeFileSync(file, JSON.stringify({ "ses-domain-identity-verifed": "advisory" }));
        const { code, stderr } = await runCli(["preview", "--policy-pack-config", file, VERIFIED]);
        assert.equal(code, 2);
        assert.match(stderr, /names 'ses-domain-identity-verifed', which is not a policy of this pack/);
        assert.match(stderr, /the Pulumi CLI would ignore 'ses-domain-identity-verifed' without a word/);
    });

    it("with --update, says which violations pulumi up would stop at and when the stack-wide ones would appear", async () => {
        const { code, stdout } = await runCli(["preview", "--update", UNVERIFIED]);
        assert.equal(code, 1);
        assert.match(stdout, /Under `pulumi up` \(this report lists everything at once\):/);
        assert.match(stdout, /stack-wide violations? \(stack policies\) would appear .*only after every resource was created or updated without error/);
        const plain = await runCli(["preview", UNVERIFIED]);
        assert.doesNotMatch(plain.stdout, /Under `pulumi up`/);
    });

    it("exits 2 on a policy pack config file that is not JSON, naming the file", async () => {
        const file = path.join(tmp, "broken.json");
        fs.writeFileSync(file, "{ all: ");
        const { code, stderr } = await runCliInProcess(["preview", "--policy-pack-config", file, VERIFIED]);
        assert.equal(code, 2);
        assert.ok(stderr.startsWith(`ses-guard: --policy-pack-config ${file}: is not valid JSON`), stderr);
    });

    it("exits 2 on a malformed --config and on an unknown option", async () => {
        const bad = await runCliInProcess(["preview", "--config", "no-equals-sign", VERIFIED]);
        assert.equal(bad.code, 2);
        assert.match(bad.stderr, /--config "no-equals-sign": expected KEY=VALUE/);
        const unknown = await runCliInProcess(["preview", "--frobnicate"]);
        assert.equal(unknown.code, 2);
        assert.match(unknown.stderr, /preview: Unknown option '--frobnicate'/);
    });

    it("prints its usage with --help and exits 0", async () => {
        const { code, stdout } = await runCliInProcess(["preview", "--help"]);
        assert.equal(code, 0);
        assert.match(stdout, /^usage: ses-guard preview \[options\] \[PROGRAM_DIR\.\.\.\]/);
    });
});
