import type { BuildOptions } from 'esbuild';

/** esbuild's options for the program and for bench scripts run as the program runs (bundle-options.mjs). */
export declare const bundleOptions: BuildOptions;
