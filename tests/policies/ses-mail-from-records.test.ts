import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import type { Diagnostic } from "../../offline-engine/analyzer-client";
import { MODES, runProgram, show, usePack, type ProgramRun } from "./pack-harness";

const POLICY = "ses-mail-from-records";

/** The stack as AWS provider 6 sends it: no per-resource `region` property, so each region is its provider's. */
const withoutRegionProperty = (resources: Parameters<NonNullable<Parameters<typeof runProgram>[2]["transform"]>>[0]) =>
    resources.map((r) => {
        const { region: _in, ...inputs } = r.inputs;
        const { region: _out, ...outputs } = r.outputs;
        return { ...r, inputs, outputs };
    });

/** A v2 identity with a MAIL FROM domain and the Route 53 records given. */
function v2MailFrom(records: { mx?: string; spf?: string; region?: string }) {
    return () => {
        const identity = new aws.sesv2.EmailIdentity("identity", { emailIdentity: "example.com" });
        const mailFrom = new aws.sesv2.EmailIdentityMailFromAttributes("mail-from", {
            emailIdentity: identity.emailIdentity,
            mailFromDomain: pulumi.interpolate`bounce.${identity.emailIdentity}`,
            ...(records.region ? { region: records.region } : {}),
        });
        if (records.mx)
            new aws.route53.Record("mx", { zoneId: "Z1", name: mailFrom.mailFromDomain.apply((d) => d ?? ""), type: "MX", ttl: 600, records: [records.mx] });
        if (records.spf) new aws.route53.Record("spf", { zoneId: "Z1", name: "bounce", type: "TXT", ttl: 600, records: [records.spf] });
    };
}

/**
 * example.com as an SES v2 identity in three regions, each under a provider of its region. SES identities are per
 * region, and a MAIL FROM setting acts on the identity of its name in the region its call goes to
 * (PutEmailIdentityMailFromAttributes is `PUT /v2/email/identities/{EmailIdentity}/mail-from` on a regional
 * endpoint: https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_PutEmailIdentityMailFromAttributes.html,
 * https://docs.aws.amazon.com/ses/latest/dg/regions.html). In URN order the ca-central-1 one, returned with its
 * provider, sits between the others, so neither the first nor the last namesake is it.
 */
function namesakes() {
    const made = ["ap-southeast-2", "ca-central-1", "eu-west-1"].map((region) => {
        const provider = new aws.Provider(region, { region });
        return { provider, identity: new aws.sesv2.EmailIdentity(`identity-${region}`, { emailIdentity: "example.com" }, { provider }) };
    });
    return { provider: made[1].provider, own: made[1].identity, elsewhere: made[2].identity };
}

/** A Route 53 record at `bounce.<identity's id>`: unknown in a preview, where only the link to that identity ties it. */
function recordNamedFromId(name: string, identity: aws.sesv2.EmailIdentity, type: string, value: string): void {
    new aws.route53.Record(name, { zoneId: "Z1", name: pulumi.interpolate`bounce.${identity.id}`, type, ttl: 600, records: [value] });
}

/** The one violation of the policy in `run`. */
function onlyViolation(run: ProgramRun): Diagnostic {
    const [d, ...rest] = run.of(POLICY);
    assert.ok(d, show(run.diagnostics));
    assert.equal(rest.length, 0, show(run.of(POLICY)));
    return d;
}

describe(`policies: ${POLICY}`, () => {
    const pack = usePack();
    const configured = usePack({ own: true });

    for (const { preview, label } of MODES) {
        describe(label, () => {
            it("passes a v2 MAIL FROM domain with its MX and SPF records in Route 53", async () => {
                const run = await runProgram(pack(), v2MailFrom({ mx: "10 feedback-smtp.eu-west-1.amazonses.com", spf: "v=spf1 include:amazonses.com ~all" }), {
                    preview,
                });
                assert.deepEqual(run.of(POLICY), [], show(run.of(POLICY)));
            });

            it("accepts a longer SPF policy that includes amazonses.com, quoted as Route 53 writes it", async () => {
                const run = await runProgram(
                    pack(),
                    v2MailFrom({ mx: "10 feedback-smtp.eu-west-1.amazonses.com", spf: '"v=spf1 include:_spf.example.net include:amazonses.com -all"' }),
                    { preview },
                );
                assert.deepEqual(run.of(POLICY), [], show(run.of(POLICY)));
            });

            it("fails a MAIL FROM domain without its SPF record, naming the TXT record", async () => {
                const run = await runProgram(pack(), v2MailFrom({ mx: "10 feedback-smtp.eu-west-1.amazonses.com" }), { preview });
                const [d, ...rest] = run.of(POLICY);
                assert.equal(rest.length, 0, show(run.of(POLICY)));
                assert.equal(d.enforcementLevel, "mandatory");
                assert.match(d.urn, /EmailIdentityMailFromAttributes::mail-from$/);
                assert.match(d.message, /TXT bounce\.example\.com = "v=spf1 include:amazonses\.com ~all"/);
                assert.doesNotMatch(d.message, /- MX/);
            });

            it("fails an MX record that points at another region's feedback host", async () => {
                const run = await runProgram(pack(), v2MailFrom({ mx: "10 feedback-smtp.us-east-1.amazonses.com", spf: "v=spf1 include:amazonses.com ~all" }), {
                    preview,
                });
                const [d] = run.of(POLICY);
                assert.ok(d, "expected a violation");
                assert.match(d.message, /MX bounce\.example\.com = "10 feedback-smtp\.eu-west-1\.amazonses\.com"/);
                assert.match(d.message, /record 'mx' has this name but is MX '10 feedback-smtp\.us-east-1\.amazonses\.com'/);
            });

            it("uses the MAIL FROM resource's own region input", async () => {
                const run = await runProgram(
                    pack(),
                    v2MailFrom({ region: "us-east-1", mx: "10 feedback-smtp.us-east-1.amazonses.com", spf: "v=spf1 include:amazonses.com ~all" }),
                    { preview },
                );
                assert.deepEqual(run.of(POLICY), [], show(run.of(POLICY)));
            });

            it("passes a v1 MailFrom with Cloudflare MX (priority apart) and TXT records", async () => {
                const program = () => {
                    const identity = new aws.ses.DomainIdentity("identity", { domain: "example.com" });
                    const mailFrom = new aws.ses.MailFrom("mail-from", { domain: identity.domain, mailFromDomain: "bounce.example.com" });
                    new cloudflare.DnsRecord("mx", {
                        zoneId: "cf",
                        name: mailFrom.mailFromDomain,
                        type: "MX",
                        priority: 10,
                        content: "feedback-smtp.eu-west-1.amazonses.com",
                        ttl: 1,
                    });
                    new cloudflare.DnsRecord("spf", {
                        zoneId: "cf",
                        name: "bounce.example.com",
                        type: "TXT",
                        content: '"v=spf1 include:amazonses.com ~all"',
                        ttl: 1,
                    });
                };
                const run = await runProgram(pack(), program, { preview });
                assert.deepEqual(run.of(POLICY), [], show(run.of(POLICY)));
            });

            it(`fails a v1 MailFrom with no records, with the .apply() hint ${preview ? "and its region's MX host" : "left out: in an update it cannot be the cause"}`, async () => {
                const program = () => {
                    const identity = new aws.ses.DomainIdentity("identity", { domain: "example.com" });
                    new aws.ses.MailFrom("mail-from", { domain: identity.domain, mailFromDomain: "bounce.example.com" });
                };
                const run = await runProgram(pack(), program, { preview });
                const [d] = run.of(POLICY);
                assert.ok(d, "expected a violation");
                assert.match(d.message, /- MX bounce\.example\.com/);
                assert.match(d.message, /- TXT bounce\.example\.com/);
                if (preview) assert.match(d.message, /\.apply\(\)[^]*records: \["10 feedback-smtp\.eu-west-1\.amazonses\.com"\]/);
                else assert.doesNotMatch(d.message, /\.apply\(\)/);
            });

            it("ties a MAIL FROM setting named by domain only to the identity of its own region, not a namesake elsewhere", async () => {
                const program = () => {
                    const { provider, own } = namesakes();
                    new aws.sesv2.EmailIdentityMailFromAttributes(
                        "mail-from",
                        { emailIdentity: "example.com", mailFromDomain: "bounce.example.com" },
                        { provider },
                    );
                    // No SPF record, so the violation shows which identity the setting is tied to: the message names it.
                    recordNamedFromId("mx", own, "MX", "10 feedback-smtp.ca-central-1.amazonses.com");
                };
                const d = onlyViolation(await runProgram(pack(), program, { preview, transform: withoutRegionProperty }));
                assert.match(d.urn, /EmailIdentityMailFromAttributes::mail-from$/);
                assert.match(d.message, /- TXT bounce\.example\.com = "v=spf1 include:amazonses\.com ~all"/);
                assert.doesNotMatch(d.message, /- MX/);
                assert.match(d.message, /of SES v2 identity example\.com \(resource 'identity-ca-central-1'\)/);
                assert.match(d.message, /Region: ca-central-1 \(from its provider\)/);
            });

            it("ties it by dependency before name: the identity it depends on decides, in the setting's own region", async () => {
                const program = () => {
                    const { provider, own } = namesakes();
                    new aws.sesv2.EmailIdentityMailFromAttributes(
                        "mail-from",
                        { emailIdentity: own.emailIdentity, mailFromDomain: pulumi.interpolate`bounce.${own.emailIdentity}` },
                        { provider },
                    );
                    recordNamedFromId("spf", own, "TXT", "v=spf1 include:amazonses.com ~all");
                    // The MX host of another namesake's region, not the setting's.
                    new aws.route53.Record("mx", {
                        zoneId: "Z1",
                        name: "bounce.example.com",
                        type: "MX",
                        ttl: 600,
                        records: ["10 feedback-smtp.eu-west-1.amazonses.com"],
                    });
                };
                const d = onlyViolation(await runProgram(pack(), program, { preview, transform: withoutRegionProperty }));
                assert.match(d.message, /- MX bounce\.example\.com = "10 feedback-smtp\.ca-central-1\.amazonses\.com"/);
                assert.doesNotMatch(d.message, /- TXT/);
                assert.match(d.message, /of SES v2 identity example\.com \(resource 'identity-ca-central-1'\)/);
                assert.match(d.message, /Region: ca-central-1 \(from its provider\)/);
            });

            it("does not tie it across regions: named from another region's identity, it configures the namesake of its own region", async () => {
                const program = () => {
                    const { provider, own, elsewhere } = namesakes();
                    // The call goes to ca-central-1 with the name example.com: SES acts on that region's identity.
                    new aws.sesv2.EmailIdentityMailFromAttributes(
                        "mail-from",
                        { emailIdentity: elsewhere.emailIdentity, mailFromDomain: "bounce.example.com" },
                        { provider },
                    );
                    recordNamedFromId("mx", own, "MX", "10 feedback-smtp.ca-central-1.amazonses.com");
                };
                const d = onlyViolation(await runProgram(pack(), program, { preview, transform: withoutRegionProperty }));
                assert.doesNotMatch(d.message, /- MX/);
                assert.match(d.message, /of SES v2 identity example\.com \(resource 'identity-ca-central-1'\)/);
            });

            // SES takes only a subdomain of the verified identity as its MAIL FROM domain:
            // https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_PutEmailIdentityMailFromAttributes.html (MailFromDomain),
            // https://docs.aws.amazon.com/ses/latest/APIReference/API_SetIdentityMailFromDomain.html,
            // https://docs.aws.amazon.com/ses/latest/dg/mail-from.html ("a subdomain of the parent domain").
            it("fails a v2 MAIL FROM domain outside its identity's domain, even with its records in place, and says what to use", async () => {
                const program = () => {
                    const identity = new aws.sesv2.EmailIdentity("identity", { emailIdentity: "mfs.example.com" });
                    new aws.sesv2.EmailIdentityMailFromAttributes("mail-from", {
                        emailIdentity: identity.emailIdentity,
                        mailFromDomain: "bounce.brand.example.net",
                    });
                    new aws.route53.Record("mx", {
                        zoneId: "Z1",
                        name: "bounce.brand.example.net",
                        type: "MX",
                        ttl: 600,
                        records: ["10 feedback-smtp.eu-west-1.amazonses.com"],
                    });
                    new aws.route53.Record("spf", {
                        zoneId: "Z1",
                        name: "bounce.brand.example.net",
                        type: "TXT",
                        ttl: 600,
                        records: ["v=spf1 include:amazonses.com ~all"],
                    });
                };
                const d = onlyViolation(await runProgram(pack(), program, { preview }));
                assert.equal(d.enforcementLevel, "mandatory");
                assert.match(d.urn, /EmailIdentityMailFromAttributes::mail-from$/);
                assert.match(d.message, /'bounce\.brand\.example\.net' \(resource 'mail-from'\) is not a subdomain of its identity 'mfs\.example\.com'/);
                assert.match(d.message, /Use a subdomain such as 'bounce\.mfs\.example\.com'/);
            });

            it("fails a v1 MailFrom whose domain is the identity's own", async () => {
                const program = () => {
                    const identity = new aws.ses.DomainIdentity("identity", { domain: "example.com" });
                    new aws.ses.MailFrom("mail-from", { domain: identity.domain, mailFromDomain: "Example.com." });
                };
                const d = onlyViolation(await runProgram(pack(), program, { preview }));
                assert.match(d.message, /is the identity's own domain 'example\.com'[^]*SetIdentityMailFromDomain/);
            });

            // RFC 7208 section 4.5: more than one "v=spf1" record at a name is a permanent error (permerror).
            it("fails two SPF records at the MAIL FROM domain, in one Route 53 record or in two Cloudflare records", async () => {
                const inOne = v2MailFrom({ mx: "10 feedback-smtp.eu-west-1.amazonses.com", spf: "v=spf1 include:amazonses.com ~all" });
                const oneRecord = () => {
                    inOne();
                    new aws.route53.Record("spf-2", {
                        zoneId: "Z2",
                        name: "bounce.example.com",
                        type: "TXT",
                        ttl: 600,
                        records: ["v=spf1 include:_spf.example.net -all", "v=spf1 -all"],
                    });
                };
                const d1 = onlyViolation(await runProgram(pack(), oneRecord, { preview }));
                assert.equal(d1.enforcementLevel, "mandatory");
                assert.match(d1.message, /3 SPF records \(v=spf1\) at one name; RFC 7208 section 4\.5 makes that a permanent error/);
                assert.match(d1.message, /Instead: merge them into one TXT value/);
                const twoRecords = () => {
                    const identity = new aws.ses.DomainIdentity("identity", { domain: "example.com" });
                    new aws.ses.MailFrom("mail-from", { domain: identity.domain, mailFromDomain: "bounce.example.com" });
                    new cloudflare.DnsRecord("mx", {
                        zoneId: "cf",
                        name: "bounce.example.com",
                        type: "MX",
                        priority: 10,
                        content: "feedback-smtp.eu-west-1.amazonses.com",
                        ttl: 1,
                    });
                    new cloudflare.DnsRecord("spf", {
                        zoneId: "cf",
                        name: "bounce.example.com",
                        type: "TXT",
                        content: "v=spf1 include:amazonses.com ~all",
                        ttl: 1,
                    });
                    new cloudflare.DnsRecord("spf-old", { zoneId: "cf", name: "bounce.example.com", type: "TXT", content: "v=spf1 mx -all", ttl: 1 });
                };
                const d2 = onlyViolation(await runProgram(pack(), twoRecords, { preview }));
                assert.match(d2.message, /Cloudflare record 'spf', Cloudflare record 'spf-old'\) is broken:\n {2}- 2 SPF records/);
            });

            // RFC 7208 section 4.6: a term that is neither a mechanism nor a modifier is a permanent error.
            it("fails a misspelt SPF mechanism next to the amazonses.com include, and writes the term meant", async () => {
                const program = v2MailFrom({
                    mx: "10 feedback-smtp.eu-west-1.amazonses.com",
                    spf: "v=spf1 inlcude:_spf.example.net include:amazonses.com ~all",
                });
                const d = onlyViolation(await runProgram(pack(), program, { preview }));
                assert.match(d.message, /the term "inlcude:_spf\.example\.net" is not an SPF mechanism or modifier/);
                assert.match(d.message, /Instead: write "include:_spf\.example\.net"/);
            });

            it("quotes no term of a secret SPF value in its findings", async () => {
                const program = () => {
                    v2MailFrom({ mx: "10 feedback-smtp.eu-west-1.amazonses.com" })();
                    new aws.route53.Record("spf", {
                        zoneId: "Z1",
                        name: "bounce",
                        type: "TXT",
                        ttl: 600,
                        records: [pulumi.secret("v=spf1 inlcude:_spf.hidden-partner.example include:amazonses.com ~all")],
                    });
                };
                const d = onlyViolation(await runProgram(pack(), program, { preview }));
                assert.match(d.message, /the term \[secret\] is not an SPF mechanism or modifier/);
                assert.doesNotMatch(d.message, /hidden-partner/);
            });

            // RFC 7208 section 4.6.4: at most 10 terms that query DNS (include, a, mx, ptr, exists, redirect).
            it("fails an SPF record of more than 10 lookups, counted from the record, naming the includes it cannot count offline", async () => {
                const includes = Array.from({ length: 10 }, (_, i) => `include:s${i}.example.net`).join(" ");
                const program = v2MailFrom({ mx: "10 feedback-smtp.eu-west-1.amazonses.com", spf: `v=spf1 ${includes} include:amazonses.com ~all` });
                const d = onlyViolation(await runProgram(pack(), program, { preview }));
                assert.match(d.message, /it makes 11 DNS lookups counted from the record alone, more than 10/);
                assert.match(d.message, /not counted: the lookups of "s0\.example\.net", [^]*"amazonses\.com" themselves, which cannot be known offline/);
            });

            it("skips MAIL FROM domains listed as managed elsewhere", async () => {
                const program = () => new aws.ses.MailFrom("mail-from", { domain: "example.com", mailFromDomain: "bounce.example.com" });
                const run = await runProgram(configured(), program, { preview, config: { [POLICY]: { externallyManagedDomains: ["bounce.*"] } } });
                assert.deepEqual(run.of(POLICY), [], show(run.of(POLICY)));
            });
        });
    }
});
