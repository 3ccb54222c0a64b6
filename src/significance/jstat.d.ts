/** The few jstat functions stockops uses; jstat ships no type declarations. */
declare module "jstat" {
  interface JStat {
    studentt: { cdf(x: number, dof: number): number };
    gammaln(x: number): number;
  }
  const jStat: JStat;
  export default jStat;
}
