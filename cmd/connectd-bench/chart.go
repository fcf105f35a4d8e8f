package main

import (
	"fmt"
	"html"
	"math"
	"strings"
)

// chartColors are the bars' colours by series, in series order.
var chartColors = map[string]string{
	"ceiling":  "#8c8c8c",
	"sqlite":   "#1f77b4",
	"postgres": "#2ca02c",
	"moto":     "#d62728",
	"argon2id": "#ff7f0e",
}

// lighter is the colour of connectd's smaller sizes: the same hue, paler.
func lighter(hex string) string {
	var r, g, b int
	fmt.Sscanf(hex, "#%02x%02x%02x", &r, &g, &b)
	mix := func(c int) int { return c + (255-c)*45/100 }
	return fmt.Sprintf("#%02x%02x%02x", mix(r), mix(g), mix(b))
}

// svg is a horizontal bar chart of requests/s, on a log scale, one group
// of bars per operation and one bar per server (and size).
func (rep *report) svg() []byte {
	ss := rep.series()
	colors := map[series]string{}
	largest := 0
	for _, n := range rep.cfg.users {
		largest = max(largest, n)
	}
	for _, s := range ss {
		c := chartColors[s.server]
		if s.users != 0 && s.users != largest {
			c = lighter(c)
		}
		colors[s] = c
	}
	type bar struct {
		s     series
		value float64
	}
	type group struct {
		label string
		bars  []bar
	}
	var groups []group
	lo, hi := math.Inf(1), 0.0
	for _, op := range allOps {
		g := group{label: op}
		for _, s := range ss {
			if rate, ok := rep.rate(s, op); ok && rate > 0 {
				g.bars = append(g.bars, bar{s, rate})
				lo, hi = math.Min(lo, rate), math.Max(hi, rate)
			}
		}
		if len(g.bars) > 0 {
			groups = append(groups, g)
		}
	}
	if len(groups) == 0 {
		lo, hi = 1, 10
	}
	decLo, decHi := math.Floor(math.Log10(lo)), math.Ceil(math.Log10(hi))
	if decHi <= decLo {
		decHi = decLo + 1
	}

	const (
		left, plotW, right = 190.0, 560.0, 90.0
		barH, barGap       = 13.0, 2.0
		groupGap           = 14.0
	)
	width := left + plotW + right
	// The legend, wrapped to the width.
	type item struct {
		x, y float64
		s    series
	}
	var legend []item
	lx, ly := left, 46.0
	for _, s := range ss {
		iw := 14 + 6.2*float64(len(s.label)) + 14
		if lx+iw > width-10 && lx > left {
			lx, ly = left, ly+16
		}
		legend = append(legend, item{lx, ly, s})
		lx += iw
	}
	top := ly + 32
	height := top + 30
	for _, g := range groups {
		height += float64(len(g.bars))*(barH+barGap) + groupGap
	}
	x := func(v float64) float64 { return left + (math.Log10(v)-decLo)/(decHi-decLo)*plotW }

	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w(`<svg xmlns="http://www.w3.org/2000/svg" width="%.0f" height="%.0f" viewBox="0 0 %.0f %.0f" font-family="sans-serif" font-size="11">`+"\n",
		width, height, width, height)
	w(`<rect width="100%%" height="100%%" fill="white"/>` + "\n")
	w(`<text x="%.0f" y="20" font-size="14" font-weight="bold">connectd: requests/s per operation (log scale)</text>`+"\n", left)
	w(`<text x="%.0f" y="36" fill="#555">%d clients, %s per measurement, %d cores; higher is better</text>`+"\n",
		left, rep.cfg.clients, rep.cfg.duration, rep.machine.cores)
	for _, it := range legend {
		w(`<rect x="%.0f" y="%.0f" width="10" height="10" fill="%s"/>`, it.x, it.y, colors[it.s])
		w(`<text x="%.0f" y="%.0f">%s</text>`+"\n", it.x+14, it.y+9, html.EscapeString(it.s.label))
	}
	// Decade grid.
	plotBottom := height - 30
	for d := decLo; d <= decHi; d++ {
		gx := x(math.Pow(10, d))
		w(`<line x1="%.1f" y1="%.0f" x2="%.1f" y2="%.0f" stroke="#ddd"/>`+"\n", gx, top-6, gx, plotBottom)
		w(`<text x="%.1f" y="%.0f" text-anchor="middle" fill="#555">%s</text>`+"\n", gx, plotBottom+14, decade(d))
	}
	y := top
	for _, g := range groups {
		gh := float64(len(g.bars)) * (barH + barGap)
		w(`<text x="%.0f" y="%.1f" text-anchor="end" font-weight="bold">%s</text>`+"\n", left-8, y+gh/2+4, html.EscapeString(g.label))
		for _, br := range g.bars {
			bx := x(math.Max(br.value, math.Pow(10, decLo)))
			w(`<rect x="%.0f" y="%.1f" width="%.1f" height="%.0f" fill="%s"><title>%s: %s/s</title></rect>`+"\n",
				left, y, math.Max(bx-left, 1), barH, colors[br.s], html.EscapeString(br.s.label), num(br.value))
			w(`<text x="%.1f" y="%.1f" fill="#333">%s</text>`+"\n", math.Max(bx, left)+4, y+barH-3, num(br.value))
			y += barH + barGap
		}
		y += groupGap
	}
	w(`<line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" stroke="#333"/>`+"\n", left, top-6, left, plotBottom)
	w("</svg>\n")
	return []byte(b.String())
}

func decade(d float64) string {
	switch v := math.Pow(10, d); {
	case v >= 1e6:
		return fmt.Sprintf("%.0fM", v/1e6)
	case v >= 1e3:
		return fmt.Sprintf("%.0fk", v/1e3)
	case v >= 1:
		return fmt.Sprintf("%.0f", v)
	default:
		return fmt.Sprintf("%g", v)
	}
}
