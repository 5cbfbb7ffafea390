import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { route53DkimRecords, v2Token } from "../programs/ses-programs";
import { runProgram, show, usePack } from "./pack-harness";

const POLICY = "ses-domain-identity-verified";

/** An identity whose records point at the Milan DKIM domain; correct only if the identity is in eu-south-1. */
const program = () => {
    const identity = new aws.sesv2.EmailIdentity("identity", { emailIdentity: "example.com" });
    route53DkimRecords("dkim", [0, 1, 2].map((i) => v2Token(identity, i)), "example.com", "Z1", { dkimDomain: "dkim.eu-south-1.amazonses.com" });
};

/** The captured stack as an engine would send it when the provider carries no region. */
const withoutProviderRegion = (resources: Parameters<NonNullable<Parameters<typeof runProgram>[2]["transform"]>>[0]) =>
    resources.map((r) => (r.provider ? { ...r, provider: { ...r.provider, properties: {} } } : r));

describe("policies: the stack's aws:region config (PULUMI_CONFIG) as the last source of an identity's region", () => {
    const pack = usePack({ env: { PULUMI_CONFIG: JSON.stringify({ "aws:region": "eu-south-1" }) } });

    it("uses aws:region from PULUMI_CONFIG when neither the resource nor its provider sets one", async () => {
        const run = await runProgram(pack(), program, { preview: false, transform: withoutProviderRegion });
        assert.deepEqual(run.of(POLICY), [], show(run.of(POLICY)));
    });

    it("prefers the provider's region over the stack config", async () => {
        const run = await runProgram(pack(), program, { preview: false, stackConfig: { "aws:region": "us-east-1" } });
        const [d] = run.of(POLICY);
        assert.ok(d, show(run.diagnostics));
        assert.match(d.message, /Region: us-east-1 \(from its provider\)/);
    });
});

describe("policies: an identity with no region anywhere", () => {
    const pack = usePack({ env: { PULUMI_CONFIG: "" } });

    it("still names its missing records, saying no region is set", async () => {
        const bare = () => new aws.sesv2.EmailIdentity("identity", { emailIdentity: "example.com" });
        const run = await runProgram(pack(), bare, { preview: false, transform: withoutProviderRegion });
        const [d] = run.of(POLICY);
        assert.ok(d, show(run.diagnostics));
        assert.match(d.message, /Region: no region/);
        const missing = d.message.match(/^ {2}- CNAME \S+\._domainkey\.example\.com -> \S+\.<DKIM domain of the identity's region>$/gm) ?? [];
        assert.equal(missing.length, 3, d.message);
    });
});
