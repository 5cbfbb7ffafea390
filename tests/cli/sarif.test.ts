/**
 * `--sarif FILE`: the violations of `ses-guard preview` and `ses-guard audit` as SARIF 2.1.0, validated against
 * the SARIF 2.1.0 JSON schema (the OASIS schema, as @microsoft/jest-sarif ships it). Programs of our own, in a
 * repository of their own, make resources at the top level, in a helper module and inside ses-guard's
 * components, in a CommonJS TypeScript program and in an ES-module TypeScript one; each result must sit at the
 * file (relative to the repository root) and line of the user's code that made the resource.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import Ajv from "ajv-draft-04";
import { escapeRegExp } from "../../escape-regexp";
import { ROOT, runCli } from "../../testing/run-cli";
import { policies } from "../../policies";
import { README_URL } from "../../policies/policy-docs";

const SCHEMA = path.join(ROOT, "node_modules", "@microsoft", "jest-sarif", "lib", "schemas", "sarif-2.1.0-rtm.5.json");
const EXPORTS = path.join(ROOT, "tests", "offline-engine", "fixtures", "exports");

interface SarifResult {
    ruleId: string;
    ruleIndex?: number;
    level: string;
    message: { text: string };
    locations?: {
        physicalLocation?: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number } };
        logicalLocations?: { name: string; fullyQualifiedName: string; kind: string }[];
    }[];
}

interface SarifRule {
    id: string;
    shortDescription: { text: string };
    fullDescription: { text: string };
    help?: { text: string };
    helpUri?: string;
    defaultConfiguration: { level: string; enabled: boolean };
}

interface SarifLog {
    version: string;
    runs: { tool: { driver: { name: string; rules: SarifRule[] } }; originalUriBaseIds: Record<string, { uri: string }>; results: SarifResult[] }[];
}

/** The SARIF 2.1.0 schema's verdict on `log`: undefined when valid, else ajv's errors. */
function schemaErrors(log: unknown): string | undefined {
    // The schema's language-tag pattern is not valid under the `u` flag ajv 8 uses by default.
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false });
    const validate = ajv.compile(JSON.parse(fs.readFileSync(SCHEMA, "utf8")) as object);
    return validate(log) ? undefined : ajv.errorsText(validate.errors);
}

/** The 1-based line of `file` holding `needle` (exactly one). */
function lineOf(file: string, needle: string): number {
    const lines = fs.readFileSync(file, "utf8").split("\n");
    const at = lines.flatMap((l, i) => (l.includes(needle) ? [i + 1] : []));
    assert.equal(at.length, 1, `${needle} should be on one line of ${file}`);
    return at[0] as number;
}

/** Where the results about the resource named `name` are: `uri:line` for each, deduplicated. */
function placesOf(log: SarifLog, name: string): string[] {
    const results = log.runs[0]?.results.filter((r) => r.locations?.[0]?.logicalLocations?.[0]?.name === name) ?? [];
    assert.ok(results.length > 0, `no result for ${name}`);
    return [
        ...new Set(
            results.map((r) => {
                const p = r.locations?.[0]?.physicalLocation;
                return p === undefined ? "(none)" : `${p.artifactLocation.uriBaseId ?? ""}/${p.artifactLocation.uri}:${p.region.startLine}`;
            }),
        ),
    ];
}

/** Writes `files` (name to text) under `dir`. */
function write(dir: string, files: Record<string, string>): void {
    for (const [name, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        fs.writeFileSync(path.join(dir, name), text);
    }
}

const HELPER = `import * as aws from "@pulumi/aws";

/** An identity a helper module makes for its callers. */
export function senderIdentity(name: string, domain: string): aws.sesv2.EmailIdentity {
    return new aws.sesv2.EmailIdentity(name, { emailIdentity: domain });
}
`;

/** A program's entry: one identity at the top level, one from the helper, one VerifiedDomain without DMARC. */
function entry(helperSpecifier: string, prefix: string): string {
    return `import * as aws from "@pulumi/aws";
import { route53Dns, VerifiedDomain } from "ses-guard";
import { senderIdentity } from "${helperSpecifier}";

// Resources made three ways, each at a line of its own.
const topLevel = new aws.sesv2.EmailIdentity("${prefix}-top", { emailIdentity: "${prefix}-top.example.org" });
senderIdentity("${prefix}-helper", "${prefix}-helper.example.org");
const shop = new VerifiedDomain("${prefix}-shop", { domain: "${prefix}-shop.example.org", dns: route53Dns({ zoneName: "example.org" }) });

export const arns = [topLevel.arn, shop.checkTarget];
`;
}

describe("cli: --sarif writes SARIF 2.1.0 located at the user's lines", function () {
    this.timeout(600_000);
    let repo: string;
    let cjs: string;
    let esm: string;
    let log: SarifLog;
    let previewCode: number | null;

    before(async () => {
        repo = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "ses-guard-sarif-")));
        // A repository of its own: .git marks its root; its programs use this checkout's packages.
        fs.mkdirSync(path.join(repo, ".git"));
        fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(repo, "node_modules"), "dir");
        cjs = path.join(repo, "infra", "cjs app");
        write(cjs, {
            "Pulumi.yaml": "name: cjs-app\nruntime: nodejs\n",
            "Pulumi.dev.yaml": "config:\n  aws:region: eu-west-1\n",
            "index.ts": entry("./mail/identities", "cjs"),
            "mail/identities.ts": HELPER,
        });
        esm = path.join(repo, "infra", "esm");
        write(esm, {
            "Pulumi.yaml": "name: esm-app\nruntime: nodejs\n",
            "Pulumi.dev.yaml": "config:\n  aws:region: eu-west-1\n",
            "package.json": JSON.stringify({ name: "esm-app", private: true, type: "module" }),
            "tsconfig.json": JSON.stringify({ compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext", target: "ES2022", strict: true } }),
            "index.ts": entry("./lib/identities.js", "esm"),
            "lib/identities.ts": HELPER,
        });
        const sarif = path.join(repo, "out.sarif");
        const run = await runCli(["preview", "--sarif", sarif, cjs, esm], { cwd: os.tmpdir() });
        previewCode = run.code;
        assert.ok(fs.existsSync(sarif), `no SARIF file (exit ${run.code}):\n${run.stderr}`);
        log = JSON.parse(fs.readFileSync(sarif, "utf8")) as SarifLog;
    });

    after(() => fs.rmSync(repo, { recursive: true, force: true }));

    it("is valid against the SARIF 2.1.0 schema, and the preview still exits 1 for its mandatory violations", () => {
        assert.equal(schemaErrors(log), undefined);
        assert.equal(log.version, "2.1.0");
        assert.equal(previewCode, 1);
    });

    it("puts a top-level resource at its own line, in a CommonJS and an ES-module TypeScript program", () => {
        assert.deepEqual(placesOf(log, "cjs-top"), [`%SRCROOT%/infra/cjs%20app/index.ts:${lineOf(path.join(cjs, "index.ts"), '"cjs-top"')}`]);
        assert.deepEqual(placesOf(log, "esm-top"), [`%SRCROOT%/infra/esm/index.ts:${lineOf(path.join(esm, "index.ts"), '"esm-top"')}`]);
    });

    it("puts a resource a helper module makes at the helper's line", () => {
        const line = lineOf(path.join(cjs, "mail/identities.ts"), "new aws.sesv2.EmailIdentity");
        assert.deepEqual(placesOf(log, "cjs-helper"), [`%SRCROOT%/infra/cjs%20app/mail/identities.ts:${line}`]);
        assert.deepEqual(placesOf(log, "esm-helper"), [`%SRCROOT%/infra/esm/lib/identities.ts:${line}`]);
    });

    it("puts a resource made inside ses-guard's component at the user's line that made the component, never in node_modules", () => {
        // The component's child identity (no DMARC record: ses-domain-dmarc) is made in ses-guard's own code.
        assert.deepEqual(placesOf(log, "cjs-shop"), [`%SRCROOT%/infra/cjs%20app/index.ts:${lineOf(path.join(cjs, "index.ts"), "new VerifiedDomain")}`]);
        assert.deepEqual(placesOf(log, "esm-shop"), [`%SRCROOT%/infra/esm/index.ts:${lineOf(path.join(esm, "index.ts"), "new VerifiedDomain")}`]);
        const uris = log.runs[0]?.results.flatMap((r) => r.locations?.map((l) => l.physicalLocation?.artifactLocation.uri ?? "") ?? []) ?? [];
        assert.ok(
            uris.every((u) => !u.includes("node_modules") && !u.startsWith("file:")),
            uris.join("\n"),
        );
    });

    it("roots the relative paths at the repository root, as upload-sarif reads them", () => {
        assert.equal(log.runs[0]?.originalUriBaseIds["%SRCROOT%"]?.uri, `file://${repo}/`);
    });

    it("has one rule per policy of the pack, with the pack's descriptions, remediation steps, README link and default level", () => {
        const rules = log.runs[0]?.tool.driver.rules ?? [];
        assert.deepEqual(
            rules.map((r) => r.id),
            policies.map((p) => p.name),
        );
        for (const [i, policy] of policies.entries()) {
            const rule = rules[i] as SarifRule;
            assert.equal(rule.fullDescription.text, policy.description);
            assert.equal(rule.shortDescription.text, policy.displayName);
            assert.equal(rule.help?.text, policy.remediationSteps);
            assert.equal(rule.helpUri, `${README_URL}#${policy.name}`);
            assert.equal(rule.defaultConfiguration.level, policy.enforcementLevel === "advisory" ? "warning" : "error");
        }
    });

    it("gives each result its rule, the violation's level and the pack's message", () => {
        const rules = log.runs[0]?.tool.driver.rules ?? [];
        const results = log.runs[0]?.results ?? [];
        const unverified = results.find((r) => r.ruleId === "ses-domain-identity-verified" && r.locations?.[0]?.logicalLocations?.[0]?.name === "cjs-top");
        assert.equal(unverified?.level, "error");
        assert.match(unverified?.message.text ?? "", /cjs-top\.example\.org/);
        const dmarc = results.find((r) => r.ruleId === "ses-domain-dmarc");
        assert.equal(dmarc?.level, "warning");
        for (const r of results) assert.equal(rules[r.ruleIndex ?? -1]?.id, r.ruleId);
    });

    it("audit --sarif: an export has no source, so each result is at its URN and at the export's line that holds it", async () => {
        const sarif = path.join(repo, "audit.sarif");
        const exported = path.join(EXPORTS, "unverified-raw.json");
        const run = await runCli(["audit", "--sarif", sarif, exported]);
        assert.equal(run.code, 1, run.stderr);
        const audit = JSON.parse(fs.readFileSync(sarif, "utf8")) as SarifLog;
        assert.equal(schemaErrors(audit), undefined);
        const results = audit.runs[0]?.results ?? [];
        assert.ok(results.length > 0);
        // This checkout is the repository the export file lies in.
        const uri = path.relative(ROOT, exported).split(path.sep).join("/");
        const lines = fs.readFileSync(exported, "utf8").split("\n");
        for (const r of results) {
            // The export's secret tag value "mail" is [secret] wherever it shows, URNs too.
            const urn = r.locations?.[0]?.logicalLocations?.[0]?.fullyQualifiedName ?? "";
            assert.match(urn, /^urn:pulumi:/);
            const at = r.locations?.[0]?.physicalLocation;
            assert.deepEqual(at?.artifactLocation, { uri, uriBaseId: "%SRCROOT%" });
            const held = /^\s*"urn": "([^"]*)"/.exec(lines[(at?.region.startLine ?? 0) - 1] ?? "")?.[1] ?? "";
            const pattern = new RegExp(`^${urn.split("[secret]").map(escapeRegExp).join(".+")}$`);
            assert.match(held, pattern, `line ${at?.region.startLine} holds the resource's own "urn"`);
        }
    });

    it("refuses a path it cannot write before running anything, and leaves no file behind", async () => {
        const dir = path.join(repo, "no-such-dir");
        const run = await runCli(["audit", "--sarif", path.join(dir, "x.sarif"), path.join(EXPORTS, "unverified-raw.json")]);
        assert.equal(run.code, 2);
        assert.match(run.stderr, /--sarif '.*x\.sarif': cannot write there \(directory .*no-such-dir is missing or not writable\)/);
        assert.equal(fs.existsSync(dir), false);
        const asDir = await runCli(["audit", "--sarif", repo, path.join(EXPORTS, "unverified-raw.json")]);
        assert.equal(asDir.code, 2);
        assert.match(asDir.stderr, /--sarif '.*': a directory, not a file; give the path of the file to write \(like .*ses-guard\.sarif\)/);
    });
});
