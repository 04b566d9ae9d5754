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

// input is one customer prepared for every engine, before timing: a profile
// for segment, a map and a struct pointer for expr (a pointer, so that
// passing it as an any does not allocate), an activation for cel-go.
type input struct {
	profile *cdp.Profile
	exprMap map[string]any
	exprPtr *exprEnv
	celAct  interpreter.Activation
}

func (c customer) input(tb testing.TB) *input {
	return &input{profile: c.profile(), exprMap: c.exprMap(), exprPtr: c.exprStruct(), celAct: c.celActivation(tb)}
}

// engines holds the predicate compiled by each engine.
type engines struct {
	segment    *segment.Matcher
	exprMap    *vm.Program
	exprStruct *vm.Program
	mapVM      vm.VM // reused: expr.Run would allocate a VM per call
	structVM   vm.VM
	cel        cel.Program
}

func compile(tb testing.TB) *engines {
	e := &engines{}
	var err error
	e.segment, err = segment.Compile(segmentPredicate(), catalog, segment.Options{})
	require.NoError(tb, err)
	e.exprMap, err = expr.Compile(exprSource, expr.Env(member.exprMap()), expr.AsBool())
	require.NoError(tb, err)
	e.exprStruct, err = expr.Compile(exprSource, expr.Env(&exprEnv{}), expr.AsBool())
	require.NoError(tb, err)
	env, err := cel.NewEnv(
		cel.Variable("plan", cel.StringType),
		cel.Variable("balance", cel.DoubleType),
		cel.Variable("active", cel.BoolType),
		cel.Variable("city", cel.StringType),
	)
	require.NoError(tb, err)
	ast, iss := env.Compile(celSource)
	require.NoError(tb, iss.Err())
	e.cel, err = env.Program(ast, cel.EvalOptions(cel.OptOptimize))
	require.NoError(tb, err)
	return e
}

// The four ways to run the predicate. An engine error reads as "no match";
// TestEnginesAgree would catch it.

func (e *engines) matchSegment(in *input) bool { return e.segment.Match(in.profile, nil) }

func (e *engines) matchExprMap(in *input) bool {
	out, err := e.mapVM.Run(e.exprMap, in.exprMap)
	return err == nil && out.(bool)
}

func (e *engines) matchExprStruct(in *input) bool {
	out, err := e.structVM.Run(e.exprStruct, in.exprPtr)
	return err == nil && out.(bool)
}

func (e *engines) matchCEL(in *input) bool {
	out, _, err := e.cel.Eval(in.celAct)
	return err == nil && out.Value() == true
}
