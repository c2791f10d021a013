/** Types of scripts/copy-demo-vendor.mjs, for the tests that import it. */
export interface VendorFile {
  /** The name it is served under, /demo/vendor/{as}. */
  readonly as: string;
  /** Its absolute path in node_modules. */
  readonly from: string;
}
export declare const VENDOR_FILES: readonly VendorFile[];
export declare function copyVendorFiles(): void;
