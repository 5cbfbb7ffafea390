import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import { MODES, runProgram, show, usePack } from "./pack-harness";

const POLICY = "ses-mail-from-records";

/** A v2 identity with a MAIL FROM domain and the Route 53 records given. */
function v2MailFrom(records: { mx?: string; spf?: string; region?: string }) {
    return () => {
        const identity = new aws.sesv2.EmailIdentity("identity", { emailIdentity: "example.com" });
        const mailFrom = new aws.sesv2.EmailIdentityMailFromAttributes("mail-from", {
            emailIdentity: identity.emailIdentity,
            mailFromDomain: pulumi.interpolate`bounce.${identity.emailIdentity}`,
            ...(records.region ? { region: records.region } : {}),
        });
        if (records.mx) new aws.route53.Record("mx", { zoneId: "Z1", name: mailFrom.mailFromDomain.apply((d) => d ?? ""), type: "MX", ttl: 600, records: [records.mx] });
        if (records.spf) new aws.route53.Record("spf", { zoneId: "Z1", name: "bounce", type: "TXT", ttl: 600, records: [records.spf] });
    };
}

describe(`policies: ${POLICY}`, () => {
    const pack = usePack();
    const configured = usePack({ own: true });

    for (const { preview, label } of MODES) {
        describe(label, () => {
            it("passes a v2 MAIL FROM domain with its MX and SPF records in Route 53", async () => {
                const run = await runProgram(pack(), v2MailFrom({ mx: "10 feedback-smtp.eu-west-1.amazonses.com", spf: "v=spf1 include:amazonses.com ~all" }), { preview });
                assert.deepEqual(run.of(POLICY), [], show(run.of(POLICY)));
            });

            it("accepts a longer SPF policy that includes amazonses.com, quoted as Route 53 writes it", async () => {
                const run = await runProgram(pack(), v2MailFrom({ mx: "10 feedback-smtp.eu-west-1.amazonses.com", spf: '"v=spf1 include:_spf.example.net include:amazonses.com -all"' }), { preview });
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
                const run = await runProgram(pack(), v2MailFrom({ mx: "10 feedback-smtp.us-east-1.amazonses.com", spf: "v=spf1 include:amazonses.com ~all" }), { preview });
                const [d] = run.of(POLICY);
                assert.ok(d, "expected a violation");
                assert.match(d.message, /MX bounce\.example\.com = "10 feedback-smtp\.eu-west-1\.amazonses\.com"/);
                assert.match(d.message, /record 'mx' has this name but is MX '10 feedback-smtp\.us-east-1\.amazonses\.com'/);
            });

            it("uses the MAIL FROM resource's own region input", async () => {
                const run = await runProgram(pack(), v2MailFrom({ region: "us-east-1", mx: "10 feedback-smtp.us-east-1.amazonses.com", spf: "v=spf1 include:amazonses.com ~all" }), { preview });
                assert.deepEqual(run.of(POLICY), [], show(run.of(POLICY)));
            });

            it("passes a v1 MailFrom with Cloudflare MX (priority apart) and TXT records", async () => {
                const program = () => {
                    const identity = new aws.ses.DomainIdentity("identity", { domain: "example.com" });
                    const mailFrom = new aws.ses.MailFrom("mail-from", { domain: identity.domain, mailFromDomain: "bounce.example.com" });
                    new cloudflare.DnsRecord("mx", { zoneId: "cf", name: mailFrom.mailFromDomain, type: "MX", priority: 10, content: "feedback-smtp.eu-west-1.amazonses.com", ttl: 1 });
                    new cloudflare.DnsRecord("spf", { zoneId: "cf", name: "bounce.example.com", type: "TXT", content: '"v=spf1 include:amazonses.com ~all"', ttl: 1 });
                };
                const run = await runProgram(pack(), program, { preview });
                assert.deepEqual(run.of(POLICY), [], show(run.of(POLICY)));
            });

            it("fails a v1 MailFrom with no records, with the .apply() hint", async () => {
                const program = () => new aws.ses.MailFrom("mail-from", { domain: "example.com", mailFromDomain: "bounce.example.com" });
                const run = await runProgram(pack(), program, { preview });
                const [d] = run.of(POLICY);
                assert.ok(d, "expected a violation");
                assert.match(d.message, /- MX bounce\.example\.com/);
                assert.match(d.message, /- TXT bounce\.example\.com/);
                assert.match(d.message, /\.apply\(\)/);
            });

            it("skips MAIL FROM domains listed as managed elsewhere", async () => {
                const program = () => new aws.ses.MailFrom("mail-from", { domain: "example.com", mailFromDomain: "bounce.example.com" });
                const run = await runProgram(configured(), program, { preview, config: { [POLICY]: { externallyManagedDomains: ["bounce.*"] } } });
                assert.deepEqual(run.of(POLICY), [], show(run.of(POLICY)));
            });
        });
    }
});
