import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { captureProgram } from "../../testing/mock-capture";
import { MODES, runProgram, show, usePack } from "../policies/pack-harness";
import { route53DkimRecords, v2Token } from "../programs/ses-programs";

const IDENTITY = "aws:sesv2/emailIdentity:EmailIdentity";
const RECORD = "aws:route53/record:Record";

/** A program that only reads an identity someone else manages. */
function readsIdentity(): void {
    aws.sesv2.EmailIdentity.get("existing", "example.com");
}

/** A declared identity whose DKIM records are declared (`declared`) or only read from the zone. */
function identityWithRecords(declared: boolean): () => void {
    return () => {
        const identity = new aws.sesv2.EmailIdentity("mail", { emailIdentity: "example.com", configurationSetName: "transactional" });
        if (declared)
            route53DkimRecords(
                "mail",
                [0, 1, 2].map((i) => v2Token(identity, i)),
                "example.com",
                "Z0ABC",
            );
        else for (const i of [1, 2, 3]) aws.route53.Record.get(`mail-dkim-${i}`, `Z0ABC_token${i}._domainkey.example.com_CNAME`);
    };
}

describe("engine: read resources (X.get) are never analyzed", () => {
    // pulumi/pulumi pkg/resource/deploy/step_executor.go: a Read step's state goes to deployment.reads, every other
    // step's to deployment.news; Analyze runs on registrations only and AnalyzeStack ranges over news.
    const pack = usePack();

    it("captures no read resource (only the registrations and the default provider the read needs)", async () => {
        const resources = await captureProgram(readsIdentity, { preview: true, config: { "aws:region": "eu-west-1" } });
        assert.deepEqual(resources.map((r) => r.type).sort(), ["pulumi:providers:aws", "pulumi:pulumi:Stack"]);
    });

    for (const mode of MODES) {
        it(`gives a program that only reads an existing identity no violation (${mode.label})`, async () => {
            const run = await runProgram(pack(), readsIdentity, { preview: mode.preview });
            const mandatory = run.diagnostics.filter((d) => d.enforcementLevel === "mandatory");
            assert.deepEqual(mandatory, [], show(mandatory));
            assert.ok(run.resources.every((r) => r.type !== IDENTITY));
        });

        it(`does not count DNS records that are only read as declared (${mode.label})`, async () => {
            const declared = await runProgram(pack(), identityWithRecords(true), { preview: mode.preview });
            const read = await runProgram(pack(), identityWithRecords(false), { preview: mode.preview });
            assert.ok(read.resources.every((r) => r.type !== RECORD));
            const failing = (run: typeof read): string[] =>
                [...new Set(run.diagnostics.filter((d) => d.enforcementLevel === "mandatory").map((d) => d.policyName))].sort();
            assert.ok(!failing(declared).includes("ses-domain-identity-verified"), show(declared.diagnostics));
            assert.ok(failing(read).includes("ses-domain-identity-verified"), show(read.diagnostics));
        });
    }
});
