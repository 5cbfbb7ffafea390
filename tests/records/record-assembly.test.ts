import * as assert from "node:assert/strict";
import {
    IdentityRecord,
    identityRecords,
    knownIdentityRecords,
    knownRecord,
    knownTail,
    knownText,
    OPEN,
    OpenPart,
    recordOpenParts,
    renderRecord,
    renderText,
    requireKnownRecord,
} from "../../records";

/** Open parts written as `{kind}` or `{kind N}` (1-based), so a test reads the whole record at a glance. */
function braces(part: OpenPart): string {
    return "index" in part ? `{${part.part} ${part.index + 1}}` : `{${part.part}}`;
}

/** Each record as `[purpose, type, name, value]`, open parts in braces. */
function shown(records: readonly IdentityRecord[]): string[][] {
    return records.map((r) => {
        const { name, value } = renderRecord(r, braces);
        return [r.purpose, r.type, name, value];
    });
}

describe("records: record-assembly, one spec to every record", () => {
    it("gives the Easy DKIM CNAMEs from known tokens, lower-cased, in the zone of the region", () => {
        const records = identityRecords({ domain: "Example.COM.", region: "eu-south-1", dkim: { kind: "easy", tokens: ["AbC", "def", "ghi"] } });
        assert.deepEqual(shown(records), [
            ["easy-dkim", "CNAME", "abc._domainkey.example.com", "abc.dkim.eu-south-1.amazonses.com"],
            ["easy-dkim", "CNAME", "def._domainkey.example.com", "def.dkim.eu-south-1.amazonses.com"],
            ["easy-dkim", "CNAME", "ghi._domainkey.example.com", "ghi.dkim.eu-south-1.amazonses.com"],
        ]);
        assert.ok(records.every((r) => recordOpenParts(r).length === 0 && r.required));
        assert.deepEqual(knownRecord(records[0]), {
            purpose: "easy-dkim",
            name: "abc._domainkey.example.com",
            type: "CNAME",
            value: "abc.dkim.eu-south-1.amazonses.com",
            required: true,
        });
    });

    it("leaves all three Easy DKIM tokens open before SES issues them, and the zone open with the region", () => {
        const records = identityRecords({ domain: "example.com", region: OPEN, dkim: { kind: "easy", tokens: OPEN } });
        assert.deepEqual(shown(records), [
            ["easy-dkim", "CNAME", "{dkim-token 1}._domainkey.example.com", "{dkim-token 1}.{dkim-domain}"],
            ["easy-dkim", "CNAME", "{dkim-token 2}._domainkey.example.com", "{dkim-token 2}.{dkim-domain}"],
            ["easy-dkim", "CNAME", "{dkim-token 3}._domainkey.example.com", "{dkim-token 3}.{dkim-domain}"],
        ]);
        assert.deepEqual(recordOpenParts(records[1]), [{ part: "dkim-token", index: 1 }, { part: "dkim-token", index: 1 }, { part: "dkim-domain" }]);
        assert.equal(knownRecord(records[0]), undefined);
        assert.equal(knownText(records[0].name), undefined);
        assert.equal(knownTail(records[0].name), "._domainkey.example.com", "the known tail a record name must end with");
    });

    it("opens only the tokens that are unknown, and takes the zone SES reports it signs in even with the region open", () => {
        const records = identityRecords({
            domain: "example.com",
            region: OPEN,
            dkim: { kind: "easy", tokens: ["tok1", OPEN], signingZone: "DKIM.Zone.amazonses.com." },
        });
        assert.deepEqual(shown(records), [
            ["easy-dkim", "CNAME", "tok1._domainkey.example.com", "tok1.dkim.zone.amazonses.com"],
            ["easy-dkim", "CNAME", "{dkim-token 2}._domainkey.example.com", "{dkim-token 2}.dkim.zone.amazonses.com"],
        ]);
        assert.equal(knownText(records[0].value), "tok1.dkim.zone.amazonses.com");
    });

    it("gives the BYODKIM TXT per selector, its public key open when it is not known (SES never returns it)", () => {
        const known = identityRecords({ domain: "example.com", region: OPEN, dkim: { kind: "byodkim", selectors: ["SES2024"], publicKey: "MIIBIjAN" } });
        assert.deepEqual(shown(known), [["byodkim", "TXT", "ses2024._domainkey.example.com", "p=MIIBIjAN"]]);
        const open = identityRecords({ domain: OPEN, region: "eu-west-1", dkim: { kind: "byodkim", selectors: ["s1", OPEN], publicKey: OPEN } });
        assert.deepEqual(shown(open), [
            ["byodkim", "TXT", "s1._domainkey.{domain}", "p={public-key}"],
            ["byodkim", "TXT", "{dkim-selector 2}._domainkey.{domain}", "p={public-key}"],
        ]);
        assert.equal(knownTail(open[1].name), "", "nothing of the name is known after its open domain");
        assert.equal(renderRecord(open[0], () => "<your public key>").value, "p=<your public key>");
    });

    it("gives the MAIL FROM MX in the region's feedback host and the SES SPF value, the MX host open with the region", () => {
        const known = identityRecords({ domain: OPEN, region: "ap-southeast-2", mailFromDomain: "Bounce.Example.com" });
        assert.deepEqual(shown(known), [
            ["mail-from-mx", "MX", "bounce.example.com", "10 feedback-smtp.ap-southeast-2.amazonses.com"],
            ["mail-from-spf", "TXT", "bounce.example.com", "v=spf1 include:amazonses.com ~all"],
        ]);
        const open = identityRecords({ domain: "example.com", region: OPEN, mailFromDomain: OPEN });
        assert.deepEqual(shown(open), [
            ["mail-from-mx", "MX", "{mail-from-domain}", "10 feedback-smtp.{region}.amazonses.com"],
            ["mail-from-spf", "TXT", "{mail-from-domain}", "v=spf1 include:amazonses.com ~all"],
        ]);
        assert.equal(knownText(open[1].value), "v=spf1 include:amazonses.com ~all", "the SPF value is known whatever else is open");
    });

    it("advises DMARC (not required), its name open with the domain", () => {
        assert.deepEqual(shown(identityRecords({ domain: "example.com", region: OPEN, dmarc: { policy: "reject", reportAddress: "d@example.com" } })), [
            ["dmarc", "TXT", "_dmarc.example.com", "v=DMARC1; p=reject; rua=mailto:d@example.com"],
        ]);
        const [open] = identityRecords({ domain: OPEN, region: OPEN, dmarc: {} });
        assert.equal(renderText(open.name, braces), "_dmarc.{domain}");
        assert.equal(open.required, false);
    });

    it("gives the v1 _amazonses TXT, its token open until the identity exists", () => {
        const [txt] = identityRecords({ domain: "example.com", region: OPEN, verificationToken: OPEN });
        assert.deepEqual(shown([txt]), [["v1-verification", "TXT", "_amazonses.example.com", "{verification-token}"]]);
        assert.deepEqual(recordOpenParts(txt), [{ part: "verification-token" }]);
    });

    it("lists every record of a spec in one stable order: v1 verification, DKIM, MAIL FROM, DMARC", () => {
        const records = identityRecords({
            domain: "example.com",
            region: "us-east-1",
            verificationToken: "TOKEN",
            dkim: { kind: "easy", tokens: OPEN },
            mailFromDomain: "mail.example.com",
            dmarc: {},
        });
        assert.deepEqual(
            records.map((r) => r.purpose),
            ["v1-verification", "easy-dkim", "easy-dkim", "easy-dkim", "mail-from-mx", "mail-from-spf", "dmarc"],
        );
        assert.deepEqual(identityRecords({ domain: "example.com", region: "us-east-1" }), [], "an email address without MAIL FROM needs none");
    });

    it("uses the region only where it matters: a BYODKIM, v1 or DMARC record is known with the region open", () => {
        const records = identityRecords({
            domain: "example.com",
            region: OPEN,
            dkim: { kind: "byodkim", selectors: ["s1"], publicKey: "KEY" },
            verificationToken: "T",
            dmarc: {},
        });
        assert.ok(records.every((r) => knownRecord(r) !== undefined));
    });

    it("gives plain records for a spec with every input known, and names the open parts otherwise", () => {
        const [mx] = knownIdentityRecords({ domain: "example.com", region: "eu-west-1", mailFromDomain: "mail.example.com" });
        assert.deepEqual(mx, {
            purpose: "mail-from-mx",
            name: "mail.example.com",
            type: "MX",
            value: "10 feedback-smtp.eu-west-1.amazonses.com",
            required: true,
        });
        assert.throws(
            () => knownIdentityRecords({ domain: "example.com", region: OPEN, mailFromDomain: "mail.example.com" }),
            /mail-from-mx record has open parts \(region\)/,
        );
        const [cname] = identityRecords({ domain: OPEN, region: OPEN, dkim: { kind: "easy", tokens: OPEN } });
        assert.throws(() => requireKnownRecord(cname), /easy-dkim record has open parts \(dkim-token, domain, dkim-token, dkim-domain\)/);
    });

    it("assembles as many records as SES reports tokens, however many (no argument-list limit)", () => {
        const tokens = Array.from({ length: 200_000 }, (_, i) => `t${i}`);
        const records = identityRecords({ domain: "example.com", region: "eu-west-1", dkim: { kind: "easy", tokens }, dmarc: {} });
        assert.equal(records.length, 200_001);
        assert.equal(knownText(records[199_999].name), "t199999._domainkey.example.com");
    });
});
