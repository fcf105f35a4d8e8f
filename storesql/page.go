package storesql

// maxPage is the most rows a page of the API reads: ListUsers' 1,000 and
// the one more that tells whether another page follows.
const maxPage = 1001

// PageCapacity is the room to make for the rows of a page of at most
// limit rows (none: no limit), so that reading a full page does not copy
// it again and again as it grows: that copying was most of what a
// ListUsers page allocated.
func PageCapacity(limit int) int {
	if limit < 0 {
		return 0
	}
	return min(limit, maxPage)
}
