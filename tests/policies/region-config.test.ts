import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { route53DkimRecords, v2Token } from "../programs/ses-programs";
import { MODES, runProgram, show, usePack } from "./pack-harness";

const POLICY = "ses-domain-identity-verified";

/** An identity whose records point at the Milan DKIM domain; correct only if the identity is in eu-south-1. */
const program = () => {
    const identity = new aws.sesv2.EmailIdentity("identity", { emailIdentity: "example.com" });
    route53DkimRecords(
        "dkim",
        [0, 1, 2].map((i) => v2Token(identity, i)),
        "example.com",
        "Z1",
        { dkimDomain: "dkim.eu-south-1.amazonses.com" },
    );
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

/** A v2 identity with a MAIL FROM domain whose MX and SPF records are written out literally (no dependency). */
const literalMailFrom = (provider?: () => aws.Provider) => () => {
    const opts = provider === undefined ? {} : { provider: provider() };
    new aws.sesv2.EmailIdentity("identity", { emailIdentity: "example.com" }, opts);
    new aws.sesv2.EmailIdentityMailFromAttributes("mail-from", { emailIdentity: "example.com", mailFromDomain: "bounce.example.com" }, opts);
    new aws.route53.Record("mx", { zoneId: "Z1", name: "bounce.example.com", type: "MX", ttl: 600, records: ["10 feedback-smtp.eu-west-1.amazonses.com"] });
    new aws.route53.Record("spf", { zoneId: "Z1", name: "bounce.example.com", type: "TXT", ttl: 600, records: ["v=spf1 include:amazonses.com ~all"] });
};

describe("policies: no region known, so the region-dependent parts are left open", () => {
    const pack = usePack({ env: { PULUMI_CONFIG: "" } });

    for (const { preview, label } of MODES) {
        it(`${label}: passes a MAIL FROM MX that is right for some region when no region can be known`, async () => {
            const run = await runProgram(pack(), literalMailFrom(), { preview, transform: withoutProviderRegion });
            assert.deepEqual(run.of("ses-mail-from-records"), [], show(run.of("ses-mail-from-records")));
        });

        it(`${label}: still fails an MX that is no region's feedback host, saying the region could not be known`, async () => {
            const program = () => {
                new aws.ses.MailFrom("mail-from", { domain: "example.com", mailFromDomain: "bounce.example.com" });
                new aws.route53.Record("mx", { zoneId: "Z1", name: "bounce.example.com", type: "MX", ttl: 600, records: ["10 mx.example.net"] });
            };
            const run = await runProgram(pack(), program, { preview, transform: withoutProviderRegion });
            const [d] = run.of("ses-mail-from-records");
            assert.ok(d, show(run.diagnostics));
            assert.match(d.message, /no region could be known .*the deploy takes it from AWS_REGION/);
            assert.match(d.message, /MX bounce\.example\.com = "10 feedback-smtp\.<region>\.amazonses\.com"/);
        });
    }
});

// An explicit aws.Provider takes only its own arguments and the environment; the stack's aws:region config is
// the default provider's (https://www.pulumi.com/docs/iac/concepts/resources/providers/#explicit-provider-configuration,
// and the AWS provider's `region`: "can also be sourced from AWS_REGION / AWS_DEFAULT_REGION or a shared config").
describe("policies: an explicit aws.Provider without region does not take the stack's aws:region", () => {
    const pack = usePack({ env: { PULUMI_CONFIG: JSON.stringify({ "aws:region": "eu-south-1" }) } });

    for (const { preview, label } of MODES) {
        it(`${label}: leaves the region open for resources of that provider instead of using aws:region`, async () => {
            const program = literalMailFrom(() => new aws.Provider("env-region", {}));
            const run = await runProgram(pack(), program, { preview });
            assert.deepEqual(run.of("ses-mail-from-records"), [], show(run.of("ses-mail-from-records")));
        });
    }

    it("update: judges Easy DKIM targets of such an identity as open, not as the stack region's", async () => {
        const program = () => {
            const identity = new aws.sesv2.EmailIdentity("identity", { emailIdentity: "example.com" }, { provider: new aws.Provider("env-region", {}) });
            route53DkimRecords(
                "dkim",
                [0, 1, 2].map((i) => v2Token(identity, i)),
                "example.com",
                "Z1",
            );
        };
        const run = await runProgram(pack(), program, { preview: false });
        assert.deepEqual([...run.of(POLICY), ...run.of("ses-dkim-record-values")], [], show(run.diagnostics));
    });
});
