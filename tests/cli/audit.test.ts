import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ROOT, runCli } from "../../testing/run-cli";
import { runCliInProcess } from "../../testing/run-cli-in-process";

const EXPORTS = path.join(ROOT, "tests", "offline-engine", "fixtures", "exports");

/** The command in-process, except where a case says it runs the built bin as a user does. */
describe("cli: audit", () => {
    let tmp: string;

    before(() => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ses-guard-audit-"));
    });

    after(() => {
        fs.rmSync(tmp, { recursive: true, force: true });
    });

    it("exits 1 and shows the violations of a deployed stack that fails a mandatory policy (the built bin)", async () => {
        const { code, stdout, stderr } = await runCli(["audit", path.join(EXPORTS, "unverified-raw.json")]);
        assert.equal(code, 1);
        // As pulumi policy analyze --file warns when it analyzes with secrets redacted.
        assert.match(stderr, /^warning: could not decrypt 1 secret value in .*unverified-raw\.json; analyzing with secret values redacted to "\[secret\]"/);
        assert.match(stdout, /unverified-raw\.json \(project unverified-raw, stack dev, deployed\): \d+ resources\nPolicies:\n {4}❌ ses-guard@v/);
        assert.match(stdout, /- \[mandatory\] \[severity: high\] {2}ses-domain-identity-verified {2}\(aws:sesv2:EmailIdentity: example-org\)/);
    });

    it("exits 0 for a deployed stack that passes", async () => {
        const { code, stdout } = await runCliInProcess(["audit", path.join(EXPORTS, "verified-domain.json")]);
        assert.equal(code, 0, stdout);
        assert.match(stdout, /✅ ses-guard@v/);
    });

    it("prints a JSON report with --json", async () => {
        const { code, stdout } = await runCliInProcess(["audit", "--json", path.join(EXPORTS, "unverified-raw.json")]);
        assert.equal(code, 1);
        const report = JSON.parse(stdout) as { ok: boolean; stacks: { mode: string }[] };
        assert.equal(report.ok, false);
        assert.equal(report.stacks[0]?.mode, "deployed");
    });

    it("exits 2 naming the file and the problem when the export is malformed", async () => {
        const file = path.join(tmp, "malformed.json");
        fs.writeFileSync(file, JSON.stringify({ version: 3, deployment: { resources: [{ type: "aws:s3/bucket:Bucket" }] } }));
        const { code, stdout, stderr } = await runCliInProcess(["audit", file]);
        assert.equal(code, 2);
        assert.equal(stdout, "");
        assert.equal(stderr, `ses-guard: ${file}: deployment.resources[0] has no valid "urn" (got undefined)\n`);
    });

    it("exits 2 when the export is not JSON or does not exist", async () => {
        const file = path.join(tmp, "not.json");
        fs.writeFileSync(file, "pulumi stack export output went elsewhere");
        const notJson = await runCliInProcess(["audit", file]);
        assert.equal(notJson.code, 2);
        assert.ok(notJson.stderr.startsWith(`ses-guard: ${file}: is not valid JSON`), notJson.stderr);
        const missing = await runCliInProcess(["audit", path.join(tmp, "missing.json")]);
        assert.equal(missing.code, 2);
        assert.match(missing.stderr, /missing\.json: cannot be read \(ENOENT: no such file\); give the file `pulumi stack export --file FILE` writes/);
    });

    it("exits 2 without exactly one export file", async () => {
        const { code, stderr } = await runCliInProcess(["audit"]);
        assert.equal(code, 2);
        assert.match(stderr, /audit: give exactly one stack export file \(got 0\)/);
    });
});
