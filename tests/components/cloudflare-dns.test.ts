import * as assert from "node:assert/strict";
import * as os from "node:os";
import * as path from "node:path";
import { cloudflareDns, loadCloudflareDnsRecord, VerifiedDomain } from "../../components";
import { hasDoubledZone, qualifyDnsName } from "../../records";
import { dkimTokensFor, only, runProgram, UNKNOWN } from "./captured";

const RECORD = "cloudflare:index/dnsRecord:DnsRecord";

describe("components: Cloudflare DNS adapter", () => {
    it("writes every record as a DNS-only cloudflare.DnsRecord with a fully qualified name, MX priority apart", async () => {
        const run = await runProgram(
            () =>
                new VerifiedDomain("mail", {
                    domain: "mail.example.com",
                    dns: cloudflareDns({ zoneId: "cf-zone", zoneName: "example.com" }),
                    mailFrom: { domain: "bounce.mail.example.com" },
                    dmarc: { policy: "reject" },
                }),
            { preview: false, config: { "aws:region": "eu-central-2" } },
        );
        const tokens = dkimTokensFor("mail.example.com");
        const base = { zoneId: "cf-zone", ttl: 1, proxied: false };
        assert.deepEqual(only(run, RECORD, "mail-dkim-1").inputs, {
            ...base,
            name: `${tokens[0]}._domainkey.mail.example.com`,
            type: "CNAME",
            content: `${tokens[0]}.dkim.eu-central-2.amazonses.com`,
            comment: "ses-guard: easy-dkim",
        });
        assert.deepEqual(only(run, RECORD, "mail-mail-from-mx").inputs, {
            ...base,
            name: "bounce.mail.example.com",
            type: "MX",
            content: "feedback-smtp.eu-central-2.amazonses.com",
            priority: 10,
            comment: "ses-guard: mail-from-mx",
        });
        assert.deepEqual(only(run, RECORD, "mail-mail-from-spf").inputs, {
            ...base,
            name: "bounce.mail.example.com",
            type: "TXT",
            content: "v=spf1 include:amazonses.com ~all",
            comment: "ses-guard: mail-from-spf",
        });
        assert.deepEqual(only(run, RECORD, "mail-dmarc").inputs, {
            ...base,
            name: "_dmarc.mail.example.com",
            type: "TXT",
            content: "v=DMARC1; p=reject",
            comment: "ses-guard: dmarc",
        });
        const records = run.resources.filter((r) => r.type === RECORD);
        assert.equal(records.length, 6);
        for (const r of records) {
            const name = String(r.inputs.name);
            assert.equal(qualifyDnsName(name, "example.com"), name, "already fully qualified");
            assert.ok(!hasDoubledZone(name, "example.com"));
        }
    });

    it("declares the Easy DKIM records during preview with unknown names", async () => {
        const run = await runProgram(() => new VerifiedDomain("mail", { domain: "example.com", dns: cloudflareDns({ zoneId: "cf-zone", ttl: 300 }) }), {
            preview: true,
            config: { "aws:region": "eu-west-1" },
        });
        const records = run.resources.filter((r) => r.type === RECORD);
        assert.equal(records.length, 3);
        for (const r of records) assert.deepEqual([r.inputs.name, r.inputs.type, r.inputs.ttl, r.inputs.content], [UNKNOWN, "CNAME", 300, UNKNOWN]);
    });

    it("says how to install @pulumi/cloudflare when it cannot be loaded", () => {
        const outside = path.join(os.tmpdir(), "ses-guard-no-modules", "program.js");
        assert.throws(() => loadCloudflareDnsRecord(outside), /needs @pulumi\/cloudflare \(an optional peer dependency\).*npm install @pulumi\/cloudflare/);
    });
});
