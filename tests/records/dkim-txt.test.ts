import * as assert from "node:assert/strict";
import { dkimTxtPublicKey } from "../../records/dkim-txt";

describe("records: dkim-txt", () => {
    it("reads the p= key of a bare or tagged DKIM value, white space removed", () => {
        assert.equal(dkimTxtPublicKey("p=MIIBIjAN"), "MIIBIjAN");
        assert.equal(dkimTxtPublicKey("v=DKIM1; k=rsa; p = MIIB IjAN"), "MIIBIjAN");
    });

    it("joins a key split into quoted strings", () => {
        assert.equal(dkimTxtPublicKey('"v=DKIM1; p=MIIB" "IjAN"'), "MIIBIjAN");
    });

    it("gives undefined when there is no p= tag", () => {
        assert.equal(dkimTxtPublicKey("v=DKIM1; k=rsa"), undefined);
        assert.equal(dkimTxtPublicKey("pp=abc"), undefined);
    });
});
