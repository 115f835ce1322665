package assess

import "encoding/json"

// DecodeResult reads a stored result snapshot. Pages read results through
// the store's cache of decoded snapshots, so a result is decoded about once
// per attempt and plain encoding/json is fast enough.
func DecodeResult(data []byte) (Result, error) {
	var r Result
	err := json.Unmarshal(data, &r)
	return r, err
}
