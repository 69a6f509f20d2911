export interface Shape {
  readonly name: string;
  area(): number;
}

export class Circle implements Shape {
  readonly name = 'circle';
  constructor(private readonly radius: number) {}
  area(): number {
    return Math.PI * this.radius ** 2;
  }
}

export class Square implements Shape {
  readonly name = 'square';
  constructor(private readonly side: number) {}
  get perimeter(): number {
    return 4 * this.side;
  }
  area(): number {
    return this.side * this.side;
  }
}

export function totalArea(shapes: Shape[]): number {
  return shapes.reduce((sum, shape) => sum + shape.area(), 0);
}
