package syncro

import (
	"encoding/json"
	"errors"
	"iter"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type passRec struct{ ID int64 }

// listing yields records with the ids given, then err when it is not nil.
func listing(err error, ids ...int64) iter.Seq2[passRec, error] {
	return func(yield func(passRec, error) bool) {
		for _, id := range ids {
			if !yield(passRec{id}, nil) {
				return
			}
		}
		if err != nil {
			yield(passRec{}, err)
		}
	}
}

func newRecTombstones() *Tombstones[passRec] {
	return NewTombstones(func(r passRec) int64 { return r.ID })
}

func TestTombstonesReportsWhatVanishedBetweenCompletePasses(t *testing.T) {
	t.Parallel()
	ts := newRecTombstones()

	gone, err := ts.Pass(listing(nil, 3, 1, 2, 7), nil)
	require.NoError(t, err)
	assert.Empty(t, gone, "the first pass has nothing to compare with")
	assert.Equal(t, []int64{1, 2, 3, 7}, ts.Known())

	var visited []int64
	gone, err = ts.Pass(listing(nil, 1, 7, 9), func(r passRec) error { visited = append(visited, r.ID); return nil })
	require.NoError(t, err)
	assert.Equal(t, []int64{2, 3}, gone)
	assert.Equal(t, []int64{1, 7, 9}, visited)
	assert.Equal(t, []int64{1, 7, 9}, ts.Known())
	assert.Equal(t, 2, ts.Passes())

	gone, err = ts.Pass(listing(nil, 1, 7, 9), nil)
	require.NoError(t, err)
	assert.Empty(t, gone, "a deletion is reported once")
}

func TestTombstonesFailedPassReportsNothing(t *testing.T) {
	t.Parallel()
	boom := errors.New("page 2: 502 Bad Gateway")
	visitErr := errors.New("database is down")
	tests := []struct {
		name  string
		seq   iter.Seq2[passRec, error]
		visit func(passRec) error
		is    error
	}{
		{"listing error half way", listing(boom, 1), nil, boom},
		{"record without id", listing(nil, 1, 0, 2), nil, nil},
		{"visit error", listing(nil, 1, 2), func(r passRec) error {
			if r.ID == 2 {
				return visitErr
			}
			return nil
		}, visitErr},
		{"stopped early", listing(nil, 1, 2), func(passRec) error { return ErrStopPass }, ErrIncompletePass},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ts := newRecTombstones()
			_, err := ts.Pass(listing(nil, 1, 2, 3, 4), nil)
			require.NoError(t, err)

			gone, err := ts.Pass(tt.seq, tt.visit)
			require.Error(t, err)
			if tt.is != nil {
				assert.ErrorIs(t, err, tt.is)
			}
			assert.Empty(t, gone)
			assert.Equal(t, []int64{1, 2, 3, 4}, ts.Known(), "a failed pass keeps the known ids")
			assert.Equal(t, 1, ts.Passes())

			// The next complete pass compares with the last complete one.
			gone, err = ts.Pass(listing(nil, 1, 2), nil)
			require.NoError(t, err)
			assert.Equal(t, []int64{3, 4}, gone)
		})
	}
}

func TestTombstonesFailedFirstPassLeavesNoBaseline(t *testing.T) {
	t.Parallel()
	ts := newRecTombstones()
	_, err := ts.Pass(listing(errors.New("timeout"), 1, 2), nil)
	require.Error(t, err)
	assert.Equal(t, 0, ts.Passes())
	gone, err := ts.Pass(listing(nil, 5), nil)
	require.NoError(t, err)
	assert.Empty(t, gone, "the first complete pass is the baseline")
}

func TestTombstonesStateRoundTripsCompactly(t *testing.T) {
	t.Parallel()
	ts := newRecTombstones()
	_, err := ts.Pass(listing(nil, 31000001, 31000002, 31000003, 31000010, 31000011, 52000001), nil)
	require.NoError(t, err)

	b, err := json.Marshal(ts)
	require.NoError(t, err)
	assert.JSONEq(t, `{"version":1,"passes":1,"runs":[31000001,3, 6,2, 20999989,1]}`, string(b))

	restored := newRecTombstones()
	require.NoError(t, json.Unmarshal(b, restored))
	assert.Equal(t, ts.Known(), restored.Known())
	assert.Equal(t, 1, restored.Passes())

	gone, err := restored.Pass(listing(nil, 31000001, 31000003, 31000010, 31000011), nil)
	require.NoError(t, err)
	assert.Equal(t, []int64{31000002, 52000001}, gone, "a restored state reports against the saved pass")

	// 10,000 consecutive ids take a few bytes.
	many := make([]int64, 10000)
	for i := range many {
		many[i] = 41000001 + int64(i)
	}
	big := newRecTombstones()
	_, err = big.Pass(listing(nil, many...), nil)
	require.NoError(t, err)
	b, err = json.Marshal(big)
	require.NoError(t, err)
	assert.Less(t, len(b), 64, "state: %s", b)
}

func TestTombstonesEmptyStateMarshals(t *testing.T) {
	t.Parallel()
	b, err := json.Marshal(newRecTombstones())
	require.NoError(t, err)
	assert.JSONEq(t, `{"version":1,"passes":0,"runs":[]}`, string(b))
}

func TestTombstonesRefusesDamagedState(t *testing.T) {
	t.Parallel()
	for _, state := range []string{
		`not json`,
		`{"version":2,"passes":1,"runs":[]}`,
		`{"version":1,"passes":1,"runs":[5]}`,
		`{"version":1,"passes":1,"runs":[5,-1]}`,
		`{"version":1,"passes":1,"runs":[-5,1]}`,
		`{"version":1,"passes":1,"runs":[0,1]}`,
		`{"version":1,"passes":1,"runs":[9223372036854775807,2]}`,
		`{"version":1,"passes":1,"runs":[1,1000000000]}`,
	} {
		ts := newRecTombstones()
		err := json.Unmarshal([]byte(state), ts)
		assert.Error(t, err, state)
		assert.Empty(t, ts.Known(), state)
	}
}

func TestTombstonesForget(t *testing.T) {
	t.Parallel()
	ts := newRecTombstones()
	_, err := ts.Pass(listing(nil, 1, 2, 3), nil)
	require.NoError(t, err)
	ts.Forget(2, 99)
	gone, err := ts.Pass(listing(nil, 1), nil)
	require.NoError(t, err)
	assert.Equal(t, []int64{3}, gone, "a forgotten id is not reported")
}

func TestTombstonesWithoutIDFunction(t *testing.T) {
	t.Parallel()
	var ts Tombstones[passRec]
	_, err := ts.Pass(listing(nil, 1), nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "NewTombstones")
}

func TestTombstonesMaxGoneRefusesAShrunkListing(t *testing.T) {
	t.Parallel()
	ts := newRecTombstones()
	ts.MaxGone = 2
	_, err := ts.Pass(listing(nil, 1, 2, 3, 4, 5), nil)
	require.NoError(t, err)

	gone, err := ts.Pass(listing(nil, 1), nil)
	require.ErrorIs(t, err, ErrTooManyGone)
	assert.Contains(t, err.Error(), "4 missing of 5 known")
	assert.Empty(t, gone)
	assert.Equal(t, []int64{1, 2, 3, 4, 5}, ts.Known(), "the known ids are kept")

	gone, err = ts.Pass(listing(nil, 1, 2, 3), nil)
	require.NoError(t, err)
	assert.Equal(t, []int64{4, 5}, gone, "within the limit")
}
