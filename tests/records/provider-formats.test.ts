import * as assert from "node:assert/strict";
import { cloudflareRecordContent, mailFromRecords, RECORD_TYPE_BY_PURPOSE, route53RecordValue, unquoteTxtValue } from "../../records";

describe("records: provider-formats", () => {
    it('writes a long TXT value for Route 53 as 255-character strings joined by ""', () => {
        const value = `p=${"A".repeat(400)}`;
        const written = route53RecordValue({ type: "TXT", value });
        assert.equal(written, `${value.slice(0, 255)}""${value.slice(255)}`);
        assert.equal(unquoteTxtValue(`"${written}"`), value, "reads back as the same value once Route 53 quotes it");
    });

    it("keeps short TXT, CNAME and MX values as they are for Route 53", () => {
        assert.equal(route53RecordValue({ type: "TXT", value: "v=DMARC1; p=none" }), "v=DMARC1; p=none");
        assert.equal(route53RecordValue({ type: "MX", value: "10 feedback-smtp.eu-west-1.amazonses.com" }), "10 feedback-smtp.eu-west-1.amazonses.com");
    });

    it("splits an MX value into Cloudflare's priority and content", () => {
        const [mx, spf] = mailFromRecords("bounce.example.com", "us-east-1");
        assert.deepEqual(cloudflareRecordContent(mx), { content: "feedback-smtp.us-east-1.amazonses.com", priority: 10 });
        assert.deepEqual(cloudflareRecordContent(spf), { content: "v=spf1 include:amazonses.com ~all" });
    });

    it("knows each purpose's record type", () => {
        assert.equal(RECORD_TYPE_BY_PURPOSE["easy-dkim"], "CNAME");
        assert.equal(RECORD_TYPE_BY_PURPOSE["mail-from-mx"], "MX");
        assert.equal(RECORD_TYPE_BY_PURPOSE.byodkim, "TXT");
    });
});
