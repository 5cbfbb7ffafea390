import * as assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import {
    dkimDomainForRegion,
    dkimPublicKeyFromPrivateKey,
    dkimRecordValue,
    dmarcValue,
    knownIdentityRecords,
    easyDkimRecords,
    isDkimRecordValue,
    isDmarcValue,
    mailFromRecords,
    parseRsaPrivateKey,
    recordValueMatches,
    sesPrivateKeyValue,
    splitTxtValue,
    unquoteTxtValue,
} from "../../records";

describe("records: identity-records", () => {
    it("points Easy DKIM CNAMEs at dkim.amazonses.com in most regions", () => {
        const records = easyDkimRecords("Example.COM.", ["AbC", "def", "ghi"], "eu-west-1");
        assert.deepEqual(
            records.map((r) => [r.type, r.name, r.value]),
            [
                ["CNAME", "abc._domainkey.example.com", "abc.dkim.amazonses.com"],
                ["CNAME", "def._domainkey.example.com", "def.dkim.amazonses.com"],
                ["CNAME", "ghi._domainkey.example.com", "ghi.dkim.amazonses.com"],
            ],
        );
    });

    it("uses the regional DKIM domain in regions that have one", () => {
        assert.equal(dkimDomainForRegion("ap-northeast-3"), "dkim.ap-northeast-3.amazonses.com");
        assert.equal(dkimDomainForRegion("il-central-1"), "dkim.il-central-1.amazonses.com");
        assert.equal(dkimDomainForRegion("us-east-1"), "dkim.amazonses.com");
        assert.equal(easyDkimRecords("example.com", ["t"], "eu-south-1")[0].value, "t.dkim.eu-south-1.amazonses.com");
    });

    it("recognises an Easy DKIM target as dkimRecordValue writes it, in any letter case, with or without the trailing dot", () => {
        for (const region of ["us-east-1", "eu-south-1"]) {
            const value = dkimRecordValue("AbC", region);
            assert.ok(isDkimRecordValue(value, "AbC", region));
            assert.ok(isDkimRecordValue(`${value.toUpperCase()}.`, "abc", region));
            assert.ok(!isDkimRecordValue(value, "abd", region));
            assert.ok(!isDkimRecordValue(`x${value}`, "abc", region));
            assert.ok(!isDkimRecordValue(value.replace("abc.", "abc-"), "abc", region));
        }
        assert.ok(!isDkimRecordValue("abc.dkim.amazonses.com", "abc", "eu-south-1"), "eu-south-1 has its own DKIM domain");
        assert.ok(!isDkimRecordValue("abc.dkim.eu-south-1.amazonses.com", "abc", "us-east-1"));
    });

    it("points Easy DKIM CNAMEs at the zone SES reports it signs in, when it reports one", () => {
        const [record] = easyDkimRecords("example.com", ["Tok"], "us-east-1", "DKIM.Example-Zone.amazonses.com.");
        assert.equal(record.value, "tok.dkim.example-zone.amazonses.com");
        assert.equal(easyDkimRecords("example.com", ["tok"], "eu-south-1", "")[0].value, "tok.dkim.eu-south-1.amazonses.com");
    });

    it("gives MAIL FROM an MX in the identity's region and the SES SPF value", () => {
        const [mx, spf] = mailFromRecords("bounce.example.com", "ap-southeast-2");
        assert.deepEqual([mx.type, mx.name, mx.value], ["MX", "bounce.example.com", "10 feedback-smtp.ap-southeast-2.amazonses.com"]);
        assert.deepEqual([spf.type, spf.value], ["TXT", "v=spf1 include:amazonses.com ~all"]);
    });

    it("lists every record of a domain spec, marking DMARC as advice only", () => {
        const records = knownIdentityRecords({
            domain: "example.com",
            region: "us-east-1",
            dkim: { kind: "easy", tokens: ["a", "b", "c"] },
            mailFromDomain: "mail.example.com",
            dmarc: { policy: "quarantine", reportAddress: "dmarc@example.com" },
        });
        assert.deepEqual(
            records.map((r) => r.purpose),
            ["easy-dkim", "easy-dkim", "easy-dkim", "mail-from-mx", "mail-from-spf", "dmarc"],
        );
        const dmarc = records[5];
        assert.equal(dmarc.name, "_dmarc.example.com");
        assert.equal(dmarc.value, "v=DMARC1; p=quarantine; rua=mailto:dmarc@example.com");
        assert.equal(dmarc.required, false);
        assert.ok(records.slice(0, 5).every((r) => r.required));
    });

    it("adds the _amazonses TXT for a v1 verification token", () => {
        const [txt] = knownIdentityRecords({ domain: "example.com", region: "us-east-1", verificationToken: "TOKEN+/=" });
        assert.deepEqual([txt.purpose, txt.name, txt.type, txt.value], ["v1-verification", "_amazonses.example.com", "TXT", "TOKEN+/="]);
    });

    it("recognises DMARC values however they are quoted", () => {
        assert.ok(isDmarcValue(dmarcValue()));
        assert.ok(isDmarcValue('"v=DMARC1; p=reject"'));
        assert.ok(isDmarcValue("v=dmarc1;p=none"));
        assert.ok(!isDmarcValue("v=spf1 include:amazonses.com ~all"));
        assert.ok(!isDmarcValue("v=DMARC10; p=none"));
    });

    it("splits long TXT values into 255-character strings and joins them back", () => {
        const long = "p=" + "A".repeat(600);
        const parts = splitTxtValue(long);
        assert.deepEqual(
            parts.map((p) => p.length),
            [255, 255, 92],
        );
        assert.equal(unquoteTxtValue(parts.map((p) => `"${p}"`).join(" ")), long);
        assert.equal(unquoteTxtValue(parts.join('""')), long);
        assert.equal(unquoteTxtValue("short"), "short");
    });

    it("compares record values by type", () => {
        assert.ok(recordValueMatches("CNAME", "ABC.dkim.amazonses.com.", "abc.dkim.amazonses.com"));
        assert.ok(!recordValueMatches("CNAME", "abc.dkim.eu-south-1.amazonses.com", "abc.dkim.amazonses.com"));
        assert.ok(recordValueMatches("MX", "10  Feedback-SMTP.us-east-1.amazonses.com.", "10 feedback-smtp.us-east-1.amazonses.com"));
        assert.ok(!recordValueMatches("MX", "20 feedback-smtp.us-east-1.amazonses.com", "10 feedback-smtp.us-east-1.amazonses.com"));
        assert.ok(recordValueMatches("TXT", '"v=spf1 include:amazonses.com ~all"', "v=spf1 include:amazonses.com ~all"));
    });
});

describe("records: dkim-keys", () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 1024 });
    const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();

    it("derives the published public key from a PEM private key", () => {
        const expected = generateKeyPairSync("rsa", { modulusLength: 1024 });
        const pub = dkimPublicKeyFromPrivateKey(expected.privateKey.export({ type: "pkcs1", format: "pem" }).toString());
        assert.equal(pub, expected.publicKey.export({ type: "spki", format: "der" }).toString("base64"));
    });

    it("accepts SES's bare base64 form and gives the same public key", () => {
        const bare = sesPrivateKeyValue(pem);
        assert.ok(!bare.includes("-----"));
        assert.equal(dkimPublicKeyFromPrivateKey(bare), dkimPublicKeyFromPrivateKey(pem));
    });

    it("rejects keys that are not RSA, and text that is not a key", () => {
        const ec = generateKeyPairSync("ec", { namedCurve: "prime256v1" }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
        assert.throws(() => parseRsaPrivateKey(ec), /ec key; SES BYODKIM needs RSA/);
        assert.throws(() => parseRsaPrivateKey("not a key"), /not a PEM/);
    });
});
