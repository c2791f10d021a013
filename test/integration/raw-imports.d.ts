/** Vite's `?raw` imports (fixture files as text in the Workers test pool, which has no file system). */
declare module '*?raw' {
  const text: string;
  export default text;
}
