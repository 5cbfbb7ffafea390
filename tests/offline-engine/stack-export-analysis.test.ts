import * as assert from "node:assert/strict";
import * as path from "node:path";
import { AnalyzerSession } from "../../offline-engine/analyzer-client";
import { auditStackExport } from "../../offline-engine/offline-preview";
import { REDACTED_SECRET, redactUndecryptableSecrets } from "../../offline-engine/stack-export-analysis";
import { readStackExportFile } from "../../state/stack-export";
import { SECRET_SIG, SECRET_VALUE_SIG } from "../../state/wire";
import { ENVIRONMENT_PACK, EXPORTS, PROBE_PACK } from "./fixtures";

const UNVERIFIED = path.join(EXPORTS, "unverified-raw.json");

/** The JSON a probe policy reported for each resource. */
function reports(messages: string[]): Record<string, unknown>[] {
    return messages.map((m) => JSON.parse(m.slice(m.indexOf("{"))) as Record<string, unknown>);
}

describe("engine: stack-export-analysis (ses-guard audit sends what `pulumi policy analyze --file` sends)", () => {
    it('redacts secrets it cannot decrypt to the secret "[secret]", whatever their type, and keeps readable ones', () => {
        // policy_analyze.go: DeserializeUntypedDeployment with backendsecrets.BlindingProvider when decryption fails.
        const { resources, redacted } = redactUndecryptableSecrets(readStackExportFile(UNVERIFIED));
        assert.equal(redacted, 1);
        const stack = resources.find((r) => r.type === "pulumi:pulumi:Stack");
        assert.deepEqual(stack?.outputs.smtpPassword, { [SECRET_SIG]: SECRET_VALUE_SIG, value: REDACTED_SECRET });
        assert.equal(stack?.outputs.identityArn, "arn:aws:ses:eu-west-1:123456789012:identity/example.org");
    });

    it("leaves a resource without an undecryptable secret as it was read, not a copy (a large export is mostly such)", () => {
        const read = readStackExportFile(UNVERIFIED);
        const { resources } = redactUndecryptableSecrets(read);
        const stackAt = read.findIndex((r) => r.type === "pulumi:pulumi:Stack");
        resources.forEach((r, i) => (i === stackAt ? assert.notEqual(r, read[i]) : assert.equal(r, read[i], r.urn)));
        assert.notEqual(resources[stackAt].outputs, read[stackAt].outputs);
        assert.equal(resources[stackAt].inputs, read[stackAt].inputs);
    });

    it('shows policies "[secret]" for an undecryptable secret', async () => {
        const verdict = await auditStackExport(UNVERIFIED, { packDir: PROBE_PACK });
        const stack = reports(verdict.analysis.analyzeStack.filter((d) => d.policyName === "probe-stack").map((d) => d.message)).find(
            (r) => r.type === "pulumi:pulumi:Stack",
        );
        assert.equal((stack?.props as Record<string, unknown>).smtpPassword, REDACTED_SECRET);
    });

    it("sends no ConfigureStack and starts the pack without PULUMI_CONFIG or PULUMI_NODEJS_PROJECT/_STACK/_DRY_RUN", async () => {
        // policy_analyze.go loads the packs with LoadLocalPolicyPackAnalyzers(ctx, pctx, packs, nil): no stack options.
        const configureStack = AnalyzerSession.prototype.configureStack;
        let configured = 0;
        AnalyzerSession.prototype.configureStack = async function (this: AnalyzerSession, ...args: Parameters<typeof configureStack>) {
            configured++;
            return configureStack.apply(this, args);
        };
        try {
            const verdict = await auditStackExport(UNVERIFIED, { packDir: ENVIRONMENT_PACK });
            const env = (reports(verdict.analysis.analyzeStack.map((d) => d.message))[0]?.env ?? {}) as Record<string, string>;
            for (const name of ["PULUMI_CONFIG", "PULUMI_NODEJS_PROJECT", "PULUMI_NODEJS_STACK", "PULUMI_NODEJS_DRY_RUN"])
                assert.equal(env[name], undefined, name);
            assert.equal(configured, 0);
        } finally {
            AnalyzerSession.prototype.configureStack = configureStack;
        }
    });

    it("sends AnalyzeStack the export's resources in the export's order (the snapshot's, not shuffled)", async () => {
        const verdict = await auditStackExport(UNVERIFIED, { packDir: PROBE_PACK });
        const sent = reports(verdict.analysis.analyzeStack.filter((d) => d.policyName === "probe-stack").map((d) => d.message)).map((r) => r.urn);
        assert.deepEqual(
            sent,
            readStackExportFile(UNVERIFIED).map((r) => r.urn),
        );
    });
});
