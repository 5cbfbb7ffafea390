import * as assert from "node:assert/strict";
import { dkimSetup } from "../../components/dkim-setup";

describe("components: VerifiedDomain's dkim argument, normalised", () => {
    it("reads a missing or key-length-only dkim as Easy DKIM, 2048-bit unless told", () => {
        assert.deepEqual(dkimSetup(undefined), { kind: "easy", keyLength: "RSA_2048_BIT" });
        assert.deepEqual(dkimSetup({}), { kind: "easy", keyLength: "RSA_2048_BIT" });
        assert.deepEqual(dkimSetup({ keyLength: "RSA_1024_BIT" }), { kind: "easy", keyLength: "RSA_1024_BIT" });
    });

    it("reads a selector and private key as BYODKIM, keeping a given public key", () => {
        assert.deepEqual(dkimSetup({ selector: "ses2024", privateKey: "KEY" }), {
            kind: "byodkim",
            selector: "ses2024",
            privateKey: "KEY",
            publicKey: undefined,
        });
        assert.deepEqual(dkimSetup({ selector: "s1", privateKey: "KEY", publicKey: "PUB" }), {
            kind: "byodkim",
            selector: "s1",
            privateKey: "KEY",
            publicKey: "PUB",
        });
    });
});
