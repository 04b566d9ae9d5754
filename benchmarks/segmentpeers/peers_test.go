package segmentpeers

import (
	"testing"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"
	"github.com/google/cel-go/cel"
	"github.com/google/cel-go/interpreter"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/warrenbrasil/customerdata/cdp"
	"github.com/warrenbrasil/customerdata/segment"
)

// The predicate, written once per engine. It has four conditions over plain
// string, number and bool traits; every engine short-circuits "and", so the
// non-member below (which fails only the last condition) makes all of them
// evaluate all four.
const (
	exprSource = `plan == "gold" && balance >= 1000 && active == true && city in ["SP", "RJ"]`
	celSource  = `plan == "gold" && balance >= 1000.0 && active == true && city in ["SP", "RJ"]`
)

func segmentPredicate() segment.Segment {
	return segment.All(
		segment.Trait("plan").Eq("gold"),
		segment.Trait("balance").Gte(decimal.RequireFromString("1000")),
		segment.Trait("active").Eq(true),
		segment.Trait("city").In("SP", "RJ"),
	)
}

var catalog = segment.Catalog{
	"plan":    {Kind: cdp.KindString},
	"balance": {Kind: cdp.KindNumber},
	"active":  {Kind: cdp.KindBool},
	"city":    {Kind: cdp.KindString},
}

// customer is the data of one profile, from which each engine's input is
// built once, before timing.
type customer struct {
	Plan    string
	Balance string // decimal text; segment keeps it exact, expr and cel get a float64
	Active  bool
	City    string
}

// member matches; nonMember fails only the last condition.
var (
	member    = customer{Plan: "gold", Balance: "2500.50", Active: true, City: "SP"}
	nonMember = customer{Plan: "gold", Balance: "2500.50", Active: true, City: "MG"}
)

func (c customer) profile() *cdp.Profile {
	p := &cdp.Profile{ID: "p1"}
	p.Set("plan", cdp.Trait{Value: cdp.StringValue(c.Plan)})
	p.Set("balance", cdp.Trait{Value: cdp.NumberValue(decimal.RequireFromString(c.Balance))})
	p.Set("active", cdp.Trait{Value: cdp.BoolValue(c.Active)})
	p.Set("city", cdp.Trait{Value: cdp.StringValue(c.City)})
	return p
}

func (c customer) balance() float64 {
	return decimal.RequireFromString(c.Balance).InexactFloat64()
}

func (c customer) exprMap() map[string]any {
	return map[string]any{"plan": c.Plan, "balance": c.balance(), "active": c.Active, "city": c.City}
}

// exprEnv is expr's struct environment.
type exprEnv struct {
	Plan    string  `expr:"plan"`
	Balance float64 `expr:"balance"`
	Active  bool    `expr:"active"`
	City    string  `expr:"city"`
}

func (c customer) exprStruct() *exprEnv {
	return &exprEnv{Plan: c.Plan, Balance: c.balance(), Active: c.Active, City: c.City}
}

func (c customer) celActivation(tb testing.TB) interpreter.Activation {
	act, err := interpreter.NewActivation(map[string]any{
		"plan": c.Plan, "balance": c.balance(), "active": c.Active, "city": c.City,
	})
	require.NoError(tb, err)
	return act
}

// engine is one compiled predicate; match takes the index of a customer
// whose input was prepared for that engine.
type engine struct {
	name  string
	match func(i int) bool
}

// engines compiles the predicate for each engine and prepares each customer's
// input: a profile for segment, a map and a struct pointer for expr (a
// pointer, so that passing it as an any does not allocate), an activation
// for cel-go.
func engines(tb testing.TB, cs ...customer) []engine {
	m, err := segment.Compile(segmentPredicate(), catalog, segment.Options{})
	require.NoError(tb, err)
	profiles := make([]*cdp.Profile, len(cs))
	maps := make([]map[string]any, len(cs))
	structs := make([]*exprEnv, len(cs))
	acts := make([]interpreter.Activation, len(cs))
	for i, c := range cs {
		profiles[i], maps[i], structs[i], acts[i] = c.profile(), c.exprMap(), c.exprStruct(), c.celActivation(tb)
	}

	mapProg, err := expr.Compile(exprSource, expr.Env(member.exprMap()), expr.AsBool())
	require.NoError(tb, err)
	structProg, err := expr.Compile(exprSource, expr.Env(&exprEnv{}), expr.AsBool())
	require.NoError(tb, err)
	var mapVM, structVM vm.VM // reused: expr.Run would allocate a VM per call

	env, err := cel.NewEnv(
		cel.Variable("plan", cel.StringType),
		cel.Variable("balance", cel.DoubleType),
		cel.Variable("active", cel.BoolType),
		cel.Variable("city", cel.StringType),
	)
	require.NoError(tb, err)
	ast, iss := env.Compile(celSource)
	require.NoError(tb, iss.Err())
	prg, err := env.Program(ast, cel.EvalOptions(cel.OptOptimize))
	require.NoError(tb, err)

	return []engine{
		{"segment", func(i int) bool { return m.Match(profiles[i], nil) }},
		{"expr-map", func(i int) bool {
			out, err := mapVM.Run(mapProg, maps[i])
			return err == nil && out.(bool)
		}},
		{"expr-struct", func(i int) bool {
			out, err := structVM.Run(structProg, structs[i])
			return err == nil && out.(bool)
		}},
		{"cel", func(i int) bool {
			out, _, err := prg.Eval(acts[i])
			return err == nil && out.Value() == true
		}},
	}
}
