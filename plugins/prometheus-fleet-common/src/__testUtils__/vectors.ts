/** A successful instant-vector answer: each series' labels and value at `at`. */
export const vectorAt = (
  at: number,
  result: Array<[Record<string, string>, number]>,
) => ({
  status: 'success',
  data: {
    resultType: 'vector',
    result: result.map(([metric, value]) => ({
      metric,
      value: [at, String(value)],
    })),
  },
});
