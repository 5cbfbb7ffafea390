/**
 * The SARIF log's edges, on verdicts built here: GitHub code scanning's 25,000-result limit per run, and a source
 * outside the repository root. (tests/cli/sarif.test.ts runs real programs through the CLI.)
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Diagnostic } from "../../../offline-engine/analyzer-client";
import type { StackVerdict } from "../../../offline-engine/offline-preview";
import { formatSarif, MAX_SARIF_RESULTS, repositoryRoot } from "../../../cli/pack-report/sarif";
import { SecretValues } from "../../../state/secret-values";

const STACK = "urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev";

/** A verdict of `count` violations on identities made at `file`, every other one mandatory. */
function verdict(count: number, file: string): StackVerdict {
    const urn = (i: number) => `urn:pulumi:dev::p::aws:sesv2/emailIdentity:EmailIdentity::id-${i}`;
    const analyze: Diagnostic[] = Array.from({ length: count }, (_, i) => ({
        policyName: "ses-domain-identity-verified",
        policyPackName: "ses-guard",
        description: "d",
        message: `violation ${i}`,
        enforcementLevel: i % 2 === 0 ? "advisory" : "mandatory",
        urn: urn(i),
    }));
    return {
        source: path.dirname(file),
        mode: "preview",
        failed: true,
        secrets: new SecretValues(),
        resources: Array.from({ length: count }, (_, i) => ({
            urn: urn(i),
            type: "aws:sesv2/emailIdentity:EmailIdentity",
            name: `id-${i}`,
            custom: true,
            dependencies: [],
            propertyDependencies: {},
            inputs: {},
            outputs: {},
            parent: STACK,
            source: { file, line: i + 1 },
        })),
        analysis: { pack: { name: "ses-guard", version: "0.1.0" }, policies: [], analyze, analyzeStack: [], remediations: [] },
    };
}

type Result = { level: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } } }[] };
type Run = { results: Result[]; invocations?: { toolExecutionNotifications: { message: { text: string } }[] }[] };

describe("cli: SARIF log limits", () => {
    it("keeps GitHub's 25,000 results of a run, mandatory first, and says in the run how many it left out", () => {
        const run = formatSarif([verdict(MAX_SARIF_RESULTS + 10, "/repo/index.ts")], "/repo").runs[0] as unknown as Run;
        assert.equal(run.results.length, MAX_SARIF_RESULTS);
        // The mandatory half comes first, so all of it is kept; 10 advisory ones are not.
        assert.equal(run.results.filter((r) => r.level === "error").length, (MAX_SARIF_RESULTS + 10) / 2);
        assert.match(run.invocations?.[0]?.toolExecutionNotifications[0]?.message.text ?? "", /^25010 violations; .* the 10 after the first 25000 /);
        const small = formatSarif([verdict(3, "/repo/index.ts")], "/repo").runs[0] as unknown as Run;
        assert.equal(small.invocations, undefined);
    });

    it("writes a source outside the repository root as an absolute file URI, without the root's base id", () => {
        const run = formatSarif([verdict(1, "/elsewhere/my app/index.ts")], "/repo").runs[0] as unknown as Run;
        assert.deepEqual(run.results[0]?.locations[0]?.physicalLocation.artifactLocation, { uri: "file:///elsewhere/my%20app/index.ts" });
    });

    it("finds the repository root as the nearest directory holding .git, a directory or a worktree's file", () => {
        const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "ses-guard-root-")));
        try {
            fs.mkdirSync(path.join(tmp, "outer", "inner", "app"), { recursive: true });
            fs.mkdirSync(path.join(tmp, "outer", ".git"));
            fs.writeFileSync(path.join(tmp, "outer", "inner", ".git"), "gitdir: ../.git/worktrees/inner\n");
            assert.equal(repositoryRoot(path.join(tmp, "outer", "inner", "app")), path.join(tmp, "outer", "inner"));
            fs.rmSync(path.join(tmp, "outer", "inner", ".git"));
            assert.equal(repositoryRoot(path.join(tmp, "outer", "inner", "app")), path.join(tmp, "outer"));
        } finally {
            fs.rmSync(tmp, { recursive: true, force: true });
        }
    });
});
