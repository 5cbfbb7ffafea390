/**
 * `ses-guard preview` on test programs of our own, written in the shapes of public Pulumi projects, run through
 * the built CLI as a user runs it; each asserts the verdict, so a program that is loaded wrongly (or not at all)
 * fails the test. The loading behaviour mirrored is that of Pulumi's Node.js runtime (sdk/nodejs/cmd/run/run.ts).
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ROOT, runCli } from "../../testing/run-cli";

const PROGRAMS = path.join("tests", "offline-engine", "fixtures", "programs");

interface Report {
    ok: boolean;
    stacks: { source: string; stack: string; failed: boolean; resources: number; violations: { policyName: string; name?: string; message: string }[] }[];
}

/** Runs `ses-guard preview --json ARGS` and parses its report. */
async function preview(args: string[]): Promise<{ code: number | null; report: Report; stderr: string }> {
    const { code, stdout, stderr } = await runCli(["preview", "--json", ...args]);
    let report: Report;
    try {
        report = JSON.parse(stdout) as Report;
    } catch {
        throw new assert.AssertionError({ message: `no JSON report (exit ${code}); stderr:\n${stderr}` });
    }
    return { code, report, stderr };
}

/** The ses-domain-identity-verified message about `domain` in the stack's report, if any. */
function unverified(report: Report, domain: string, stack = 0): string | undefined {
    return report.stacks[stack]?.violations.find((v) => v.policyName === "ses-domain-identity-verified" && v.message.includes(`identity ${domain} `))?.message;
}

describe("cli: preview runs the programs pulumi preview runs", function () {
    this.timeout(120_000);

    describe("project shapes", () => {
        it("an ES module TypeScript program: NodeNext, .js specifiers naming .ts files, an .mts module, top-level await", async () => {
            const { code, report } = await preview([path.join(PROGRAMS, "esm-nodenext")]);
            assert.equal(code, 1);
            // The domain is built from getRegion (awaited at top level) and the stack's region eu-north-1.
            assert.ok(unverified(report, "mail-eu-north-1.esm.example"), JSON.stringify(report));
        });

        it("an ES module JavaScript program: index.mjs found for the directory, its default export called", async () => {
            const { code, report } = await preview([path.join(PROGRAMS, "esm-js")]);
            assert.equal(code, 1);
            assert.ok(unverified(report, "esm-js.example"), JSON.stringify(report));
        });

        it("the project's tsconfig.json paths, resolved by a preload given in runtime.options.nodeargs", async () => {
            const { code, report } = await preview([path.join(PROGRAMS, "tsconfig-paths")]);
            assert.equal(code, 1);
            assert.ok(unverified(report, "paths.example"), JSON.stringify(report));
        });

        it("runtime.options.typescript: false leaves .ts files uncompiled", async () => {
            const { report } = await preview([path.join(PROGRAMS, "typescript-false")]);
            assert.ok(unverified(report, "js-only.example"), JSON.stringify(report));
        });

        it("project config in Pulumi.yaml: a value for aws:region and a default the stack file overrides", async () => {
            const dev = await preview([path.join(PROGRAMS, "project-config")]);
            assert.match(unverified(dev.report, "project.example") ?? "", /Region: ap-southeast-2 \(from its provider\)/);
            const prod = await preview(["--stack", "prod", path.join(PROGRAMS, "project-config")]);
            assert.match(unverified(prod.report, "prod.project.example") ?? "", /Region: ap-southeast-2/);
        });

        it("a secure value nested in object config is a secret, and a verdict showing its placeholder says how to pass it", async () => {
            const { code, report, stderr } = await preview([path.join(PROGRAMS, "nested-secret")]);
            assert.equal(code, 1);
            assert.ok(unverified(report, "ses-guard-offline-secret"), JSON.stringify(report));
            assert.match(
                stderr,
                /note: a verdict of .*nested-secret shows 'ses-guard-offline-secret'.*\(nested-secret:mail\).*--config nested-secret:mail=\.\.\./,
            );
            const given = await preview(["--config", 'nested-secret:mail={"domain":"real.example"}', path.join(PROGRAMS, "nested-secret")]);
            // The given value is the secret's own: the policies judge it, every report shows it as [secret].
            assert.ok(unverified(given.report, "[secret]"), JSON.stringify(given.report));
            assert.doesNotMatch(JSON.stringify(given.report), /real\.example|ses-guard-offline-secret/);
            assert.doesNotMatch(given.stderr, /note:/);
        });

        it("a stack file importing a Pulumi ESC environment: a warning naming it, then the run with the file's config", async () => {
            const { code, report, stderr } = await preview([path.join(PROGRAMS, "esc-env")]);
            assert.equal(code, 1);
            assert.match(stderr, /warning: Pulumi\.dev\.yaml of .*esc-env imports the Pulumi ESC environment acme\/email-prod, which cannot be opened offline/);
            assert.match(unverified(report, "esc.example") ?? "", /Region: sa-east-1/);
        });

        it("a stack reference in --update: a warning naming it, or its outputs from the answers file", async () => {
            const dir = path.join(PROGRAMS, "stack-ref");
            const bare = await preview(["--update", dir]);
            assert.equal(bare.code, 0, bare.stderr);
            assert.match(bare.stderr, /warning: the stack reference 'acme\/dns\/prod' cannot be read offline/);
            const answers = path.join(os.tmpdir(), `ses-guard-answers-${process.pid}.json`);
            fs.writeFileSync(answers, JSON.stringify({ stackReferences: { "acme/dns/prod": { zoneId: "ZREF123" } } }));
            try {
                const given = await runCli(["preview", "--update", "--json", "--answers", answers, dir]);
                assert.equal(given.code, 0, given.stderr);
                assert.doesNotMatch(given.stderr, /stack reference/);
                const inPreview = await preview([dir]);
                assert.equal(inPreview.code, 0, inPreview.stderr);
                assert.match(inPreview.stderr, /its outputs are unknown/);
            } finally {
                fs.rmSync(answers, { force: true });
            }
        });
    });

    describe("loading bugs", () => {
        it("loads infra/ itself, not a sibling infra.js or infra.json (as a `--json > infra.json` leaves)", async () => {
            const { code, report } = await preview([path.join(PROGRAMS, "sibling", "infra")]);
            assert.equal(code, 1);
            assert.ok(unverified(report, "infra.example"), JSON.stringify(report));
        });

        it("gives each program a clean module graph: a module shared by two projects registers in both", async () => {
            const { code, report } = await preview([path.join(PROGRAMS, "shared", "a"), path.join(PROGRAMS, "shared", "b")]);
            assert.equal(code, 1);
            assert.deepEqual(
                report.stacks.map((s) => s.failed),
                [true, true],
            );
            assert.ok(unverified(report, "shared.example", 0) && unverified(report, "shared.example", 1), JSON.stringify(report));
        });
    });

    describe("data sources", () => {
        it("answers getZone by the id of the stack's zone, computes getPolicyDocument and warns once about an unanswered one", async () => {
            const { code, report, stderr } = await preview(["--update", path.join(PROGRAMS, "data-sources")]);
            assert.equal(code, 1);
            assert.ok(unverified(report, "ds.example"), JSON.stringify(report));
            assert.equal(stderr.match(/warning: the program calls the data source 'aws:ssm\/getParameter:getParameter'/g)?.length, 1, stderr);
        });

        it("fails with the program's own error and the hint when the program throws on an unanswered result", async () => {
            const { code, stdout, stderr } = await runCli(["preview", path.join(PROGRAMS, "data-source-throws")]);
            assert.equal(code, 2);
            assert.equal(stdout, "");
            assert.match(
                stderr,
                /the program in .*data-source-throws failed:\n {2}Running program .* failed with an unhandled exception:\n {2}TypeError: Cannot read properties of undefined \(reading 'split'\)\n {6}at .*data-source-throws\/index\.ts:6:\d+\)\n\(the program called 'aws:ssm\/getParameter:getParameter', answered offline with an empty result; .*--answers FILE\)/,
            );
        });

        it("takes a data source's result from the answers file", async () => {
            const answers = path.join(os.tmpdir(), `ses-guard-answers-${process.pid}.yaml`);
            fs.writeFileSync(answers, 'invokes:\n  "aws:ssm/getParameter:getParameter":\n    value: "one.example,two.example"\n');
            try {
                const { code, report, stderr } = await preview(["--answers", answers, path.join(PROGRAMS, "data-source-throws")]);
                assert.equal(code, 1, stderr);
                assert.ok(unverified(report, "one.example") && unverified(report, "two.example"), JSON.stringify(report));
                assert.doesNotMatch(stderr, /warning/);
            } finally {
                fs.rmSync(answers, { force: true });
            }
        });
        it("warns about SES records in a private hosted zone found with getZone, which the pack counts, and keeps the pack's exit code", async () => {
            const { code, report, stderr } = await preview([path.join(PROGRAMS, "private-zone-lookup")]);
            assert.equal(code, 0, stderr);
            assert.equal(unverified(report, "corp.example"), undefined, JSON.stringify(report));
            const warnings = stderr.split("\n").filter((line) => line.includes("private hosted zone"));
            assert.equal(warnings.length, 2, stderr);
            assert.match(
                warnings[0] ?? "",
                /^ses-guard: warning: Route 53 records 'corp-dkim-0', 'corp-dkim-1', 'corp-dkim-2' are in the private hosted zone corp\.example \(Z[A-Z0-9]{20}\), found with aws\.route53\.getZone: SES looks verification records up in public DNS, so records in a private hosted zone never verify\. `pulumi preview --policy-pack` cannot see this \(data-source lookups are never sent to a policy pack.*put verification records in the domain's public hosted zone$/,
            );
            assert.match(
                warnings[1] ?? "",
                /^ses-guard: warning: Route 53 records 'intranet-dmarc', 'intranet-verification' are in the private hosted zone intranet\.example /,
            );
            assert.doesNotMatch(stderr, /corp-intranet|shop-|split-/);
        });

        it("warns with the zone an answers file gives for getZone, when it answers with a private zone", async () => {
            const answers = path.join(os.tmpdir(), `ses-guard-answers-private-${process.pid}.json`);
            fs.writeFileSync(
                answers,
                JSON.stringify({
                    invokes: { "aws:route53/getZone:getZone": { id: "Z0INSIDE", zoneId: "Z0INSIDE", name: "inside.example", privateZone: true } },
                }),
            );
            try {
                const { code, stderr } = await preview(["--answers", answers, path.join(PROGRAMS, "private-zone-lookup")]);
                assert.equal(code, 0, stderr);
                const warnings = stderr.split("\n").filter((line) => line.includes("private hosted zone"));
                assert.equal(warnings.length, 1, stderr);
                assert.match(warnings[0] ?? "", /'corp-dkim-0'.*'shop-dkim-1'.*'split-dkim-1'.* are in the private hosted zone inside\.example \(Z0INSIDE\)/);
            } finally {
                fs.rmSync(answers, { force: true });
            }
        });
    });

    describe("bounded, and clear when it cannot run", () => {
        it("stops a program that never finishes at the time limit, exit 2", async () => {
            const { code, stdout, stderr } = await runCli(["preview", "--program-timeout", "3", path.join(PROGRAMS, "never-ends")]);
            assert.equal(code, 2);
            assert.equal(stdout, "");
            assert.equal(
                stderr,
                `ses-guard: the program in ${path.join(PROGRAMS, "never-ends")} did not finish within 3 s and was stopped; if it is only slow, raise the limit with --program-timeout SECONDS\n`,
            );
        });

        it("exits 2 with the program's error and no stack when a promise rejects after the program body returned", async () => {
            const { code, stderr } = await runCli(["preview", path.join(PROGRAMS, "unhandled-rejection")]);
            assert.equal(code, 2);
            // The runner's own report of an unhandled rejection while the program runs (cmd/run/run.ts's handler; once
            // the run has resolved, cmd/run/index.ts reports the bare stack instead, so the fixture's export waits for
            // the rejection to keep this deterministic), its frames outside node_modules only.
            assert.equal(
                stderr,
                `ses-guard: the program in ${path.join(PROGRAMS, "unhandled-rejection")} failed:\n` +
                    `  Running program '${path.resolve(PROGRAMS, "unhandled-rejection")}/' failed with an unhandled exception:\n` +
                    "  Error: the asynchronous lookup failed on purpose\n" +
                    `      at Timeout._onTimeout (${path.resolve(PROGRAMS, "unhandled-rejection", "index.js")}:8:24)\n`,
            );
        });

        it("exits 2 with the bare error when a promise rejects after the run has finished", async () => {
            const { code, stderr } = await runCli(["preview", path.join(PROGRAMS, "rejects-after-run")]);
            assert.equal(code, 2);
            // Once run() has resolved, cmd/run/index.ts's handler logs err.stack alone, without run.ts's header.
            assert.equal(
                stderr,
                `ses-guard: the program in ${path.join(PROGRAMS, "rejects-after-run")} failed:\n` +
                    "  Error: the cleanup failed on purpose\n" +
                    `      at process.<anonymous> (${path.resolve(PROGRAMS, "rejects-after-run", "index.js")}:6:49)\n`,
            );
        });

        it("exits 2 naming the program when it ends its own process before finishing", async () => {
            const { code, stderr } = await runCli(["preview", path.join(PROGRAMS, "exits-early")]);
            assert.equal(code, 2);
            // The Pulumi runtime's own leak check fails the run (runtime/debuggable.ts), and ses-guard says what it means.
            assert.match(stderr, /the program in .*exits-early failed:\n {2}The Pulumi runtime detected that \d+ promises were still active/);
            assert.match(stderr, /ended while it still had work pending, e\.g\. by calling process\.exit/);
        });

        it("exits 2 naming the secret config when a BYODKIM key is a secret that is no key offline (at the time limit where Node spins)", async () => {
            // Pulumi's runner reports the component's error through util.inspect with colours (cmd/run/error.ts).
            // Node.js 20 and 22 spin there on a stack frame at node_modules/@scope/file.ts, which @pulumi/pulumi's
            // source maps give its resource.ts; `pulumi preview` would wait the same way, and ses-guard's time
            // limit ends it. Node.js 24 reports it at once.
            const inspectSpins = Number(process.versions.node.split(".")[0]) < 24;
            const { code, stderr } = await runCli(["preview", "--program-timeout", "20", path.join(PROGRAMS, "byodkim-secret")]);
            assert.equal(code, 2);
            if (inspectSpins) assert.match(stderr, /the program in .*byodkim-secret did not finish within 20 s and was stopped/);
            else assert.match(stderr, /the program in .*byodkim-secret failed:\n[\s\S]*VerifiedDomain "byo": args\.dkim\.privateKey is not an RSA PEM key/);
            assert.match(
                stderr,
                /\(secret config byodkim-secret:dkimPrivateKey cannot be decrypted offline and got the value 'ses-guard-offline-secret'; .*--config byodkim-secret:dkimPrivateKey=\.\.\.\)\n$/,
            );
        });

        it("exits 2 naming Pulumi.NAME.yaml when --stack names a stack without one", async () => {
            const { code, stderr } = await runCli(["preview", "--stack", "nope", path.join(PROGRAMS, "ts-identity")]);
            assert.equal(code, 2);
            assert.match(stderr, /Pulumi\.nope\.yaml does not exist: stack "nope" has no config file in /);
        });

        it("refuses a program on an @pulumi/pulumi older than the declared peer range's floor", async () => {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ses-guard-old-sdk-"));
            try {
                fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: old-sdk\nruntime: nodejs\n");
                fs.writeFileSync(path.join(dir, "index.js"), "require('@pulumi/pulumi');\n");
                const sdk = path.join(dir, "node_modules", "@pulumi", "pulumi");
                fs.mkdirSync(sdk, { recursive: true });
                fs.writeFileSync(path.join(sdk, "package.json"), JSON.stringify({ name: "@pulumi/pulumi", version: "3.113.0", main: "index.js" }));
                fs.writeFileSync(path.join(sdk, "index.js"), "");
                const range = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { peerDependencies: Record<string, string> })
                    .peerDependencies["@pulumi/pulumi"];
                const { code, stderr } = await runCli(["preview", dir]);
                assert.equal(code, 2);
                assert.ok(stderr.includes(`uses @pulumi/pulumi 3.113.0`) && stderr.includes(`runs programs on @pulumi/pulumi ${range}`), stderr);
            } finally {
                fs.rmSync(dir, { recursive: true, force: true });
            }
        });

        it("rejects a bad --program-timeout", async () => {
            const { code, stderr } = await runCli(["preview", "--program-timeout", "soon", path.join(PROGRAMS, "ts-identity")]);
            assert.equal(code, 2);
            assert.match(stderr, /--program-timeout "soon": expected a number of seconds above 0/);
        });
    });
});
