package syncro

import (
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"slices"
)

// Tombstones finds the records deleted from Syncro between two full passes
// over a collection. Syncro has no deletion feed: a deleted customer,
// contact or asset only shows up as absent from a complete listing, or as a
// 404 when fetched. A mirror that keeps its copy in step lists the whole
// collection now and then through Pass, which reports the ids present at
// the previous complete pass and absent from this one.
//
// Only a complete pass counts. A pass that ends in an error (a failed page,
// a cancelled context, a record without an id, an error from the visit
// function, a pass stopped early) reports nothing and leaves the known ids
// as they were, so a network failure half way through never makes the rest
// of the collection look deleted. The first complete pass reports nothing
// either: there is nothing to compare it with.
//
// The listing must hold every record that still exists: list with no
// filter, and for organizations set CustomerListOptions.IncludeDisabled,
// since Syncro leaves disabled ones out by default and they would look
// deleted. MaxGone guards against a listing that shrank for another reason.
//
// The known ids are the state to keep between runs: Tombstones marshals to
// compact JSON (runs of consecutive ids) and unmarshals from it. A
// Tombstones is not safe for concurrent use; pass over one collection at a
// time with it (ids of different collections overlap meaning).
type Tombstones[T any] struct {
	// MaxGone, when positive, is the most records one pass may report
	// deleted: a pass that finds more missing fails with ErrTooManyGone
	// and keeps the known ids, for a person to look at before anything is
	// removed from the mirror.
	MaxGone int

	id    func(T) int64
	known []int64 // sorted, unique
	// passes counts the complete passes the known ids come from.
	passes int
}

// NewTombstones returns a Tombstones that reads each record's id with id
// (for example func(c syncro.Customer) int64 { return c.ID }).
func NewTombstones[T any](id func(T) int64) *Tombstones[T] {
	return &Tombstones[T]{id: id}
}

// ErrIncompletePass is returned by Tombstones.Pass when the pass stopped
// before the end of the collection without an error of its own: the visit
// function returned ErrStopPass.
var ErrIncompletePass = errors.New("syncro: the pass did not reach the end of the collection; nothing is reported as deleted")

// ErrTooManyGone is returned by Tombstones.Pass when more records are
// missing than Tombstones.MaxGone allows. Nothing is reported and the known
// ids are kept; check the listing (its filters, the token's permissions)
// or raise MaxGone.
var ErrTooManyGone = errors.New("syncro: tombstones: more records are missing than MaxGone allows; nothing is reported as deleted")

// ErrStopPass may be returned by a visit function to end a pass early. The
// pass then counts as incomplete: Pass returns ErrIncompletePass and
// reports nothing.
var ErrStopPass = errors.New("syncro: stop the pass")

// Pass drains seq, a full listing of the collection (a service's All with
// no filter), and calls visit, when it is not nil, with each record. When
// the listing completes without error, the ids seen become the known ids
// and Pass returns, sorted, the ids known before that were not seen: the
// records deleted since the last complete pass. When it fails, Pass returns
// no ids and the error, and the known ids stay as they were.
//
// A record whose id is not positive fails the pass: an id that could not be
// read must not stand for a deleted record.
func (t *Tombstones[T]) Pass(seq iter.Seq2[T, error], visit func(T) error) ([]int64, error) {
	if t.id == nil {
		return nil, errors.New("syncro: tombstones: no id function: create it with NewTombstones")
	}
	seen := make([]int64, 0, len(t.known))
	n := 0
	for item, err := range seq {
		if err != nil {
			return nil, fmt.Errorf("syncro: tombstones: the pass failed after %d records; nothing is reported as deleted: %w", n, err)
		}
		n++
		id := t.id(item)
		if id <= 0 {
			return nil, fmt.Errorf("syncro: tombstones: record %d of the pass has no id (%d); nothing is reported as deleted: check the id function", n, id)
		}
		if visit != nil {
			if err := visit(item); err != nil {
				if errors.Is(err, ErrStopPass) {
					return nil, ErrIncompletePass
				}
				return nil, fmt.Errorf("syncro: tombstones: visiting record %d failed; nothing is reported as deleted: %w", id, err)
			}
		}
		seen = append(seen, id)
	}
	slices.Sort(seen)
	seen = slices.Compact(seen)
	var gone []int64
	if t.passes > 0 {
		gone = missing(t.known, seen)
	}
	if t.MaxGone > 0 && len(gone) > t.MaxGone {
		return nil, fmt.Errorf("%w (%d missing of %d known, limit %d)", ErrTooManyGone, len(gone), len(t.known), t.MaxGone)
	}
	t.known = seen
	t.passes++
	return gone, nil
}

// missing returns the ids of a not in b; both are sorted and unique.
func missing(a, b []int64) []int64 {
	var out []int64
	j := 0
	for _, id := range a {
		for j < len(b) && b[j] < id {
			j++
		}
		if j == len(b) || b[j] != id {
			out = append(out, id)
		}
	}
	return out
}

// Known returns the ids seen by the last complete pass, sorted.
func (t *Tombstones[T]) Known() []int64 { return slices.Clone(t.known) }

// Passes returns how many complete passes the known ids come from (0 before
// the first one).
func (t *Tombstones[T]) Passes() int { return t.passes }

// Forget removes ids from the known ids, for records the caller saw deleted
// in another way (a 404), so that the next pass does not report them again.
func (t *Tombstones[T]) Forget(ids ...int64) {
	drop := slices.Clone(ids)
	slices.Sort(drop)
	t.known = slices.DeleteFunc(t.known, func(id int64) bool {
		_, found := slices.BinarySearch(drop, id)
		return found
	})
}

// tombstoneState is the JSON form of the known ids. Runs holds pairs: the
// distance from the id after the previous run (from 0 for the first run) to
// the run's first id, then the run's length. Ids 5, 6, 7, 10 are
// [5,3, 2,1].
type tombstoneState struct {
	Version int     `json:"version"`
	Passes  int     `json:"passes"`
	Runs    []int64 `json:"runs"`
}

const tombstoneVersion = 1

// MarshalJSON writes the known ids compactly.
func (t *Tombstones[T]) MarshalJSON() ([]byte, error) {
	st := tombstoneState{Version: tombstoneVersion, Passes: t.passes, Runs: []int64{}}
	var end int64 // one past the previous run
	for i := 0; i < len(t.known); {
		j := i + 1
		for j < len(t.known) && t.known[j] == t.known[j-1]+1 {
			j++
		}
		st.Runs = append(st.Runs, t.known[i]-end, int64(j-i))
		end = t.known[j-1] + 1
		i = j
	}
	return json.Marshal(st)
}

// UnmarshalJSON restores the known ids saved by MarshalJSON. The id
// function is kept: unmarshal into a Tombstones made by NewTombstones.
func (t *Tombstones[T]) UnmarshalJSON(b []byte) error {
	var st tombstoneState
	if err := json.Unmarshal(b, &st); err != nil {
		return fmt.Errorf("syncro: tombstones: the saved state is not valid JSON: %w", err)
	}
	if st.Version != tombstoneVersion {
		return fmt.Errorf("syncro: tombstones: saved state version %d is not %d: start again from an empty state", st.Version, tombstoneVersion)
	}
	if len(st.Runs)%2 != 0 {
		return errors.New("syncro: tombstones: the saved runs are not pairs: the state is damaged; start again from an empty state")
	}
	var known []int64
	var end int64
	for i := 0; i < len(st.Runs); i += 2 {
		gap, n := st.Runs[i], st.Runs[i+1]
		if gap < 0 || n <= 0 || n > maxSavedIDs-int64(len(known)) {
			return fmt.Errorf("syncro: tombstones: saved run %d is invalid (gap %d, length %d): the state is damaged; start again from an empty state", i/2, gap, n)
		}
		first := end + gap
		if first <= 0 || first > maxID-n+1 {
			return fmt.Errorf("syncro: tombstones: saved run %d leaves the id range: the state is damaged; start again from an empty state", i/2)
		}
		for k := int64(0); k < n; k++ {
			known = append(known, first+k)
		}
		end = first + n
	}
	t.known, t.passes = known, st.Passes
	if t.passes < 0 {
		t.passes = 0
	}
	return nil
}

// maxSavedIDs bounds the ids a saved state may restore, so that a damaged
// file cannot make UnmarshalJSON allocate without end.
const maxSavedIDs = 1 << 26

// maxID is the largest id an int64 holds.
const maxID = int64(^uint64(0) >> 1)
