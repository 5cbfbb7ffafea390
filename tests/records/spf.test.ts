import * as assert from "node:assert/strict";
import { spfIncludesAmazonSes } from "../../records/spf";

describe("records: spf", () => {
    it("accepts the SPF value SES asks for, and a longer policy that includes amazonses.com", () => {
        assert.ok(spfIncludesAmazonSes("v=spf1 include:amazonses.com ~all"));
        assert.ok(spfIncludesAmazonSes('"v=spf1 include:_spf.example.net +include:AmazonSES.com. -all"'));
    });

    it("rejects SPF without amazonses.com, a look-alike include, and a value that is not SPF", () => {
        assert.ok(!spfIncludesAmazonSes("v=spf1 include:_spf.example.net -all"));
        assert.ok(!spfIncludesAmazonSes("v=spf1 include:amazonses.com.evil.example -all"));
        assert.ok(!spfIncludesAmazonSes("v=DMARC1; include:amazonses.com"));
        assert.ok(!spfIncludesAmazonSes("-include:amazonses.com v=spf1"));
    });
});
