import * as assert from "node:assert/strict";
import * as path from "node:path";
import type { Diagnostic } from "../../offline-engine/analyzer-client";
import { runProgram as runProgramDir } from "../../offline-engine/program-runner";
import { auditStackExport, ownPackageDir, previewPrograms, verdictsToJson } from "../../offline-engine/offline-preview";
import { startPolicyPack } from "../../offline-engine/pack-process";
import { analyzeStackThroughPack } from "../../offline-engine/run-analysis";
import { readStackExportFile } from "../../state/stack-export";
import { EXAMPLES, EXPORTS, MINIMAL_PACK, REPO_ROOT } from "./fixtures";

const VERIFIED = path.join(EXAMPLES, "verified-domain");
const UNVERIFIED = path.join(EXAMPLES, "unverified-raw");

/** A diagnostic as a comparable line. */
function line(d: Diagnostic): string {
    return `${d.enforcementLevel} ${d.policyName} ${d.urn}\n${d.message}`;
}

function mandatoryPolicies(ds: Diagnostic[]): string[] {
    return [...new Set(ds.filter((d) => d.enforcementLevel === "mandatory").map((d) => d.policyName))].sort();
}

describe("engine: offline-preview", () => {
    it("finds this package's own directory (the pack) from the installed code, not from cwd", () => {
        assert.equal(ownPackageDir(), REPO_ROOT);
    });

    for (const update of [false, true]) {
        it(`passes verified-domain and fails unverified-raw on its unverified identity (${update ? "update" : "preview"})`, async () => {
            const [verified, unverified] = await previewPrograms([VERIFIED, UNVERIFIED], { update });
            assert.equal(verified?.failed, false, [...(verified?.analysis.analyzeStack ?? [])].map(line).join("\n"));
            assert.equal(unverified?.failed, true);
            assert.equal(unverified?.mode, update ? "update" : "preview");
            const identity = unverified?.resources.find((r) => r.type === "aws:sesv2/emailIdentity:EmailIdentity" && r.outputs.emailIdentity === "example.org");
            assert.ok(identity);
            const blamed = unverified?.analysis.analyzeStack
                .filter((d) => d.urn === identity.urn && d.enforcementLevel === "mandatory")
                .map((d) => d.policyName);
            assert.ok(blamed?.includes("ses-domain-identity-verified"), String(blamed));
        });
    }

    it("gives a stack the same verdicts through preview as through direct calls on its captured resources", async () => {
        const [verdict] = await previewPrograms([UNVERIFIED], {});
        const resources = await runProgramDir(UNVERIFIED, { preview: true });
        const pack = await startPolicyPack(REPO_ROOT);
        try {
            const direct = await analyzeStackThroughPack(pack, resources, { preview: true });
            assert.deepEqual(verdict?.analysis.analyzeStack.map(line).sort(), direct.analyzeStack.map(line).sort());
            assert.deepEqual(verdict?.analysis.analyze.map(line).sort(), direct.analyze.map(line).sort());
            const stackOnly = await pack.session.analyzeStack(resources);
            assert.deepEqual(mandatoryPolicies(stackOnly), mandatoryPolicies(direct.analyzeStack));
        } finally {
            await pack.close();
        }
    });

    it("audits deployed stacks from their exports: verified passes, unverified fails on its identity", async () => {
        const verified = await auditStackExport(path.join(EXPORTS, "verified-domain.json"), {});
        assert.equal(verified.failed, false);
        assert.equal(verified.mode, "deployed");
        const unverified = await auditStackExport(path.join(EXPORTS, "unverified-raw.json"), {});
        assert.equal(unverified.failed, true);
        assert.ok(unverified.analysis.analyzeStack.some((d) => d.policyName === "ses-domain-identity-verified" && d.urn.endsWith("::example-org")));
    });

    it("audits an export to the same mandatory verdicts as preview --update of the program it came from", async () => {
        const audited = await auditStackExport(path.join(EXPORTS, "unverified-raw.json"), {});
        const [updated] = await previewPrograms([UNVERIFIED], { update: true });
        assert.deepEqual(mandatoryPolicies(audited.analysis.analyzeStack), mandatoryPolicies(updated?.analysis.analyzeStack ?? []));
        assert.equal(readStackExportFile(path.join(EXPORTS, "unverified-raw.json")).length, audited.resources.length);
    });

    it("runs another pack when given one, with its config", async () => {
        const [verdict] = await previewPrograms([UNVERIFIED], {
            packDir: MINIMAL_PACK,
            policyPackConfig: { "minimal-forbidden-name": { forbiddenName: "shop" } },
        });
        assert.equal(verdict?.analysis.pack.name, "minimal-pack");
        assert.deepEqual(
            verdict?.analysis.analyze.map((d) => d.urn),
            ["urn:pulumi:dev::unverified-raw::aws:sesv2/emailIdentity:EmailIdentity::shop"],
        );
        assert.equal(verdict?.failed, true);
    });

    it("reports each stack in JSON with its violations, the resource they blame and the call that found them", async () => {
        const verdicts = await previewPrograms([UNVERIFIED], {
            packDir: MINIMAL_PACK,
            policyPackConfig: { "minimal-forbidden-name": { forbiddenName: "shop" } },
        });
        const json = verdictsToJson(verdicts);
        assert.equal(json.ok, false);
        assert.equal(json.stacks[0]?.project, "unverified-raw");
        assert.equal(json.stacks[0]?.stack, "dev");
        assert.deepEqual(json.stacks[0]?.violations, [
            {
                policyPackName: "minimal-pack",
                policyName: "minimal-forbidden-name",
                enforcementLevel: "mandatory",
                urn: "urn:pulumi:dev::unverified-raw::aws:sesv2/emailIdentity:EmailIdentity::shop",
                type: "aws:sesv2/emailIdentity:EmailIdentity",
                name: "shop",
                message: "No resource may carry the configured forbidden name.\nResource 'shop' uses the forbidden name.",
                // The SDK's source position of the registration, relative to the program directory.
                source: { file: "index.ts", line: 20 },
                stage: "analyze",
            },
        ]);
    });
});
